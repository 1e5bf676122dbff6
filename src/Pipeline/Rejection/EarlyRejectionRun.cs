using System.Text;
using Inference.Engine.Generation;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// Follows one request's event stream and judges its running samples at each checkpoint. The samples of a request
/// advance in lockstep (one token each per decode step), so the event that brings the last running sample to a
/// checkpoint is the moment every running sample holds exactly that many tokens: the prefixes judged, and so the
/// samples rejected, depend only on the seeds, never on timing. The engine keeps decoding while the reward model
/// scores; the rejected rows stop at the decode step after the decision (their extra tokens are counted).
/// </summary>
internal sealed class EarlyRejectionRun(
    EarlyRejectionSpec spec, IReadOnlyList<int> checkpoints, IVerifier reward, VerificationRequest context, int samples, int minimumKept)
{
    private readonly StringBuilder[] texts = Enumerable.Range(0, samples).Select(_ => new StringBuilder()).ToArray();
    private readonly int[] tokens = new int[samples];
    private readonly bool[] finished = new bool[samples];
    private readonly int?[] rejectedAt = new int?[samples];
    private readonly List<CheckpointOutcome> outcomes = new();
    private int next;

    /// <summary>The checkpoint (token count) at which each sample was rejected, or null for the kept ones.</summary>
    public IReadOnlyList<int?> RejectedAt => rejectedAt;

    /// <summary>Samples rejected so far.</summary>
    public int RejectedCount => rejectedAt.Count(c => c is not null);

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
        while (next < checkpoints.Count && EveryRunningSampleReached(checkpoints[next]))
        {
            await JudgeAsync(checkpoints[next], handle, cancellationToken).ConfigureAwait(false);
            next++;
        }
    }

    private bool Running(int i) => !finished[i] && rejectedAt[i] is null;

    private bool EveryRunningSampleReached(int checkpoint)
    {
        for (var i = 0; i < samples; i++)
            if (Running(i) && tokens[i] < checkpoint) return false;
        return true;
    }

    /// <summary>
    /// Judges the samples that reached the checkpoint: all hold exactly that many tokens now, including one whose
    /// last token ended it there (whether its end was already seen depends on row order within the step, so it is
    /// judged either way). Samples that ended before the checkpoint are complete and go on.
    /// </summary>
    private async Task JudgeAsync(int checkpoint, GenerationHandle handle, CancellationToken cancellationToken)
    {
        var judged = Enumerable.Range(0, samples).Where(i => rejectedAt[i] is null && tokens[i] >= checkpoint).ToArray();
        var kept = spec.Kept(judged.Length, minimumKept);
        if (kept >= judged.Length)
        {
            outcomes.Add(new CheckpointOutcome(checkpoint, 0, judged.Length, 0, null,
                judged.Length == 0 ? "no sample reached it" : $"{judged.Length} sample(s) reached it, no more than the {kept} kept"));
            return;
        }
        var partial = judged.Select(i => new Candidate(i, texts[i].ToString(), tokens[i])).ToArray();
        var verdicts = await reward.VerifyAsync(context, partial, cancellationToken).ConfigureAwait(false);
        if (verdicts.Any(v => v.Score is null))
        {
            outcomes.Add(new CheckpointOutcome(checkpoint, judged.Length, judged.Length, 0, null,
                $"the reward model gave no score ({verdicts.First(v => v.Score is null).Reason})"));
            return;
        }
        var scores = verdicts.Select(v => v.Score!.Value).ToArray();
        var rejected = spec.Rejected(judged, scores, minimumKept);
        foreach (var i in rejected) rejectedAt[i] = checkpoint;
        handle.StopSamples(rejected);
        var lowestKept = judged.Select((index, j) => (index, score: scores[j])).Where(r => rejectedAt[r.index] is null).Min(r => r.score);
        outcomes.Add(new CheckpointOutcome(checkpoint, judged.Length, kept, rejected.Count, lowestKept));
    }

    /// <summary>The run's outcome, once its samples have all ended.</summary>
    public RejectionOutcome Outcome(IReadOnlyList<SampleResult> results)
    {
        var kept = results.Where(r => rejectedAt[r.Index] is null).ToArray();
        var rejected = results.Where(r => rejectedAt[r.Index] is not null).ToArray();
        var meanKept = kept.Length == 0 ? 0 : kept.Average(r => r.Length);
        var saved = rejected.Sum(r => Math.Max(0, meanKept - r.Length));
        return new RejectionOutcome(results.Count, kept.Length, outcomes.ToArray(), rejected.Sum(r => r.Length), (int)Math.Round(saved));
    }
}
