using System.Text;
using Inference.Engine.Generation;
using Inference.Pipeline.Sources;
using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>
/// Follows one generation request of an <see cref="EarlyRejectionRun"/> (the first samples, or one group of refills)
/// and asks the run to judge it at each checkpoint. The samples of a generation request advance in lockstep (one token
/// each per decode step), so the event that brings the last running sample to a checkpoint is the moment every running
/// sample holds exactly that many tokens: the prefixes judged depend only on the seeds, never on timing. The engine
/// keeps decoding while the reward model scores; rejected rows stop at the decode step after the decision (their extra
/// tokens are counted).
/// </summary>
internal sealed class RejectionCohort(EarlyRejectionRun run, int offset, int samples, bool first) : IDrawObserver
{
    private readonly StringBuilder[] texts = Enumerable.Range(0, samples).Select(_ => new StringBuilder()).ToArray();
    private readonly int[] tokens = new int[samples];
    private readonly bool[] finished = new bool[samples];
    private readonly bool[] rejected = new bool[samples];
    private int next;

    /// <summary>The request-wide index (seed offset) of this cohort's sample 0.</summary>
    public int Offset => offset;

    public async Task ObserveAsync(GenerationEvent e, GenerationHandle handle, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case TokenGenerated t:
                tokens[t.SampleIndex]++;
                texts[t.SampleIndex].Append(t.TextDelta);
                break;
            case SampleCompleted c:
                finished[c.SampleIndex] = true;
                break;
            default:
                return;
        }
        while (next < run.Checkpoints.Count && EveryRunningSampleReached(run.Checkpoints[next]))
        {
            if (first) await run.JudgeFirstAsync(this, next, handle, cancellationToken).ConfigureAwait(false);
            else await run.JudgeRefillAsync(this, next, handle, cancellationToken).ConfigureAwait(false);
            next++;
        }
    }

    /// <summary>Every event was seen (or following them failed).</summary>
    public void Ended()
    {
        if (first) run.FirstEnded();
    }

    /// <summary>The samples not rejected that hold at least <paramref name="checkpoint"/> tokens (local indices).</summary>
    internal IReadOnlyList<int> Reached(int checkpoint) => Enumerable.Range(0, samples).Where(i => !rejected[i] && tokens[i] >= checkpoint).ToArray();

    /// <summary>Sample i's text so far, as a candidate numbered in the request's order.</summary>
    internal Candidate Prefix(int i) => new(offset + i, texts[i].ToString(), tokens[i]);

    internal void MarkRejected(IEnumerable<int> indices)
    {
        foreach (var i in indices) rejected[i] = true;
    }

    private bool EveryRunningSampleReached(int checkpoint)
    {
        for (var i = 0; i < samples; i++)
            if (!finished[i] && !rejected[i] && tokens[i] < checkpoint) return false;
        return true;
    }
}
