using Inference.Engine.Generation;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// Early rejection over one request's samples: the first samples (one generation request, a
/// <see cref="RejectionCohort"/>) are ranked at each checkpoint and the weak ones stopped; with refill, each row a
/// rejection frees gets a fresh sample while the budget has a seat (<see cref="RefillSpec"/>), started as a new
/// generation request whose seeds continue the request's (sample j uses seed base + j).
/// <para>
/// A refilled sample passes the same checkpoints, counting its own tokens, and is stopped there when the reward model
/// scores its prefix below the lowest prefix reward the first samples kept at that checkpoint (it goes on when the
/// first samples rejected nothing there). That bar depends only on the first samples, and each refill is judged on its
/// own prefix, so which samples start, which are rejected and where depends only on the seeds, never on how the
/// refills were grouped into generation requests or timed.
/// </para>
/// </summary>
internal sealed class EarlyRejectionRun
{
    private readonly EarlyRejectionSpec spec;
    private readonly IVerifier reward;
    private readonly VerificationRequest context;
    private readonly int firstSamples;
    private readonly int minimumKept;
    private readonly int seats;
    private readonly object gate = new();
    private readonly List<int?> rejectedAt;
    private readonly CheckpointOutcome?[] outcomes;
    private readonly int[] refillsScored;
    private readonly int[] refillsRejected;
    private readonly TaskCompletionSource<double?>[] thresholds;
    private int rejectedCount;

    public EarlyRejectionRun(EarlyRejectionSpec spec, int maxTokens, IVerifier reward, VerificationRequest context, int samples, int minimumKept)
    {
        this.spec = spec;
        this.reward = reward;
        this.context = context;
        firstSamples = samples;
        this.minimumKept = minimumKept;
        Checkpoints = spec.TokenCheckpoints(maxTokens);
        seats = spec.Refill is { } refill ? Math.Max(samples, refill.Seats(maxTokens)) : samples;
        rejectedAt = Enumerable.Repeat<int?>(null, samples).ToList();
        outcomes = new CheckpointOutcome?[Checkpoints.Count];
        refillsScored = new int[Checkpoints.Count];
        refillsRejected = new int[Checkpoints.Count];
        thresholds = Checkpoints.Select(_ => new TaskCompletionSource<double?>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
    }

    /// <summary>The checkpoints as token counts, ascending.</summary>
    public IReadOnlyList<int> Checkpoints { get; }

    /// <summary>Starts refills: the first sample index (its seed offset) and how many. Set by whoever samples.</summary>
    public Action<int, int>? StartRefill { get; set; }

    /// <summary>Samples started so far, refills included.</summary>
    public int Started
    {
        get { lock (gate) return rejectedAt.Count; }
    }

    /// <summary>Samples started after the first ones.</summary>
    public int Refilled => Started - firstSamples;

    /// <summary>Samples rejected so far.</summary>
    public int RejectedCount
    {
        get { lock (gate) return rejectedCount; }
    }

    /// <summary>Whether sample <paramref name="index"/> (in the request's seed order) was rejected.</summary>
    public bool IsRejected(int index)
    {
        lock (gate) return rejectedAt[index] is not null;
    }

    /// <summary>The first samples: indices 0..samples-1, ranked at each checkpoint.</summary>
    public RejectionCohort First() => new(this, 0, firstSamples, true);

    /// <summary>Refilled samples <paramref name="offset"/>..offset+count-1, judged against the first samples' thresholds.</summary>
    public RejectionCohort Refill(int offset, int count) => new(this, offset, count, false);

    /// <summary>
    /// Judges the first samples that reached the checkpoint: all hold exactly that many tokens now, including one whose
    /// last token ended it there (whether its end was already seen depends on row order within the step, so it is
    /// judged either way). Samples that ended before the checkpoint are complete and go on.
    /// </summary>
    internal async Task JudgeFirstAsync(RejectionCohort cohort, int m, GenerationHandle handle, CancellationToken cancellationToken)
    {
        var checkpoint = Checkpoints[m];
        var judged = cohort.Reached(checkpoint);
        var kept = spec.Kept(judged.Count, minimumKept);
        if (kept >= judged.Count)
        {
            Decide(m, new CheckpointOutcome(checkpoint, 0, judged.Count, 0, null,
                judged.Count == 0 ? "no sample reached it" : $"{judged.Count} sample(s) reached it, no more than the {kept} kept"));
            return;
        }
        var verdicts = await reward.VerifyAsync(context, judged.Select(cohort.Prefix).ToArray(), cancellationToken).ConfigureAwait(false);
        if (verdicts.Any(v => v.Score is null))
        {
            Decide(m, new CheckpointOutcome(checkpoint, judged.Count, judged.Count, 0, null,
                $"the reward model gave no score ({verdicts.First(v => v.Score is null).Reason})"));
            return;
        }
        var scores = verdicts.Select(v => v.Score!.Value).ToArray();
        var rejected = spec.Rejected(judged, scores, minimumKept);
        var lowestKept = judged.Select((index, j) => (index, score: scores[j])).Where(r => !rejected.Contains(r.index)).Min(r => r.score);
        Reject(cohort, rejected, m, handle);
        Decide(m, new CheckpointOutcome(checkpoint, judged.Count, kept, rejected.Count, lowestKept));
    }

    /// <summary>Judges refilled samples at a checkpoint (their own token count) against the first samples' lowest kept
    /// prefix reward there, waiting for the first samples to have decided it.</summary>
    internal async Task JudgeRefillAsync(RejectionCohort cohort, int m, GenerationHandle handle, CancellationToken cancellationToken)
    {
        var judged = cohort.Reached(Checkpoints[m]);
        if (judged.Count == 0) return;
        if (await thresholds[m].Task.WaitAsync(cancellationToken).ConfigureAwait(false) is not { } threshold) return;
        var verdicts = await reward.VerifyAsync(context, judged.Select(cohort.Prefix).ToArray(), cancellationToken).ConfigureAwait(false);
        // A refill the reward model cannot score goes on, as the first samples do.
        if (verdicts.Any(v => v.Score is null)) return;
        var rejected = judged.Where((_, j) => verdicts[j].Score!.Value < threshold).ToArray();
        lock (gate)
        {
            refillsScored[m] += judged.Count;
            refillsRejected[m] += rejected.Length;
        }
        Reject(cohort, rejected, m, handle);
    }

    /// <summary>The first samples' events have all been seen: checkpoints they never decided have no threshold.</summary>
    internal void FirstEnded()
    {
        foreach (var threshold in thresholds) threshold.TrySetResult(null);
    }

    private void Decide(int m, CheckpointOutcome outcome)
    {
        lock (gate) outcomes[m] = outcome;
        thresholds[m].TrySetResult(outcome.Threshold);
    }

    /// <summary>Stops the rejected samples (local indices of the cohort) and starts as many refills as the budget seats.</summary>
    private void Reject(RejectionCohort cohort, IReadOnlyList<int> rejected, int m, GenerationHandle handle)
    {
        if (rejected.Count == 0) return;
        cohort.MarkRejected(rejected);
        handle.StopSamples(rejected);
        int offset, count;
        lock (gate)
        {
            foreach (var i in rejected) rejectedAt[cohort.Offset + i] = Checkpoints[m];
            rejectedCount += rejected.Count;
            offset = rejectedAt.Count;
            count = Math.Min(rejected.Count, seats - offset);
            for (var j = 0; j < count; j++) rejectedAt.Add(null);
        }
        if (count > 0) (StartRefill ?? throw new InvalidOperationException("Refill needs a sampler.")).Invoke(offset, count);
    }

    /// <summary>The run's outcome, once its samples have all ended (<paramref name="results"/> in seed order).</summary>
    public RejectionOutcome Outcome(IReadOnlyList<SampleResult> results)
    {
        lock (gate)
        {
            var kept = results.Where(r => rejectedAt[r.Index] is null).ToArray();
            var rejected = results.Where(r => rejectedAt[r.Index] is not null).ToArray();
            var meanKept = kept.Length == 0 ? 0 : kept.Average(r => r.Length);
            var saved = rejected.Sum(r => Math.Max(0, meanKept - r.Length));
            var checkpoints = outcomes.Select((o, m) => o is null ? null : o with { RefillsScored = refillsScored[m], RefillsRejected = refillsRejected[m] })
                .OfType<CheckpointOutcome>().ToArray();
            var refill = spec.Refill is { } r
                ? new RefillOutcome(results.Count - firstSamples, r.MaxTotalTokens, results.Sum(s => s.Length), seats)
                : null;
            return new RejectionOutcome(results.Count, kept.Length, checkpoints, rejected.Sum(s => s.Length), (int)Math.Round(saved), refill);
        }
    }
}
