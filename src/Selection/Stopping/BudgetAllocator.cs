namespace Inference.Selection;

/// <summary>
/// One sample budget across many prompts, spent in waves where the vote is still split. Every prompt first gets a
/// wave of <see cref="WaveSize"/> samples. After each wave, prompt p with leading vote counts v1 &gt;= v2 has confidence
/// c_p = P(p1 &gt; p2) under Beta(v1+1, v2+1) (Adaptive-Consistency's Beta rule, <see cref="BetaStoppingRule"/>); it is
/// settled when c_p &gt;= <see cref="Threshold"/> or it holds <see cref="MaxPerPrompt"/> samples. The next wave gives
/// the open prompts <see cref="WaveSize"/> samples each, least confident first (ties: the earlier prompt), until the
/// remaining budget is spent; sampling ends when every prompt is settled or nothing remains. The budget is never
/// exceeded, and a prompt never gets more than <see cref="MaxPerPrompt"/>.
/// </summary>
public sealed class BudgetAllocator
{
    private readonly int[] allocated;
    private readonly double[] confidence;

    public BudgetAllocator(int budget, int prompts, int waveSize, int maxPerPrompt, double threshold = BetaStoppingRule.DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, prompts);
        ArgumentOutOfRangeException.ThrowIfLessThan(waveSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPrompt, 1);
        if (!(threshold is > 0.5 and < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in (0.5, 1).");
        Budget = budget;
        WaveSize = waveSize;
        MaxPerPrompt = maxPerPrompt;
        Threshold = threshold;
        allocated = new int[prompts];
        confidence = new double[prompts];
    }

    public int Budget { get; }

    public int WaveSize { get; }

    public int MaxPerPrompt { get; }

    public double Threshold { get; }

    /// <summary>Samples handed out so far (all waves planned).</summary>
    public int Used => allocated.Sum();

    /// <summary>Samples each prompt has been given so far.</summary>
    public IReadOnlyList<int> Allocated => allocated;

    /// <summary>Each prompt's c_p after the last wave (0 before any).</summary>
    public IReadOnlyList<double> Confidence => confidence;

    /// <summary>Whether prompt p needs no more samples.</summary>
    public bool Settled(int p) => confidence[p] >= Threshold || allocated[p] >= MaxPerPrompt;

    /// <summary>The first wave: <see cref="WaveSize"/> each, or an even share when the budget is smaller.</summary>
    public int[] FirstWave()
    {
        if (Used > 0) throw new InvalidOperationException("The first wave was already planned.");
        var share = Math.Min(Math.Min(WaveSize, MaxPerPrompt), Budget / allocated.Length);
        var wave = Enumerable.Repeat(share, allocated.Length).ToArray();
        Commit(wave);
        return wave;
    }

    /// <summary>The next wave (samples per prompt, zero for most), from every prompt's answers so far; all zero when
    /// sampling is over.</summary>
    public int[] NextWave(IReadOnlyList<IReadOnlyList<AnswerKey?>> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count != allocated.Length) throw new ArgumentException($"{answers.Count} answer lists for {allocated.Length} prompts.", nameof(answers));
        for (var p = 0; p < allocated.Length; p++) confidence[p] = ConfidenceOf(answers[p]);
        var remaining = Budget - Used;
        var wave = new int[allocated.Length];
        foreach (var p in Enumerable.Range(0, allocated.Length).Where(p => !Settled(p)).OrderBy(p => confidence[p]).ThenBy(p => p))
        {
            if (remaining == 0) break;
            wave[p] = Math.Min(Math.Min(WaveSize, MaxPerPrompt - allocated[p]), remaining);
            remaining -= wave[p];
        }
        Commit(wave);
        return wave;
    }

    /// <summary>c = P(p1 &gt; p2) under Beta(v1+1, v2+1) for the two leading answers; 0 with no answer at all.</summary>
    public static double ConfidenceOf(IReadOnlyList<AnswerKey?> answers)
    {
        var counts = AnswerClasses.Count(answers, AnswerKey.DefaultRelativeTolerance).Select(c => c.Count).OrderDescending().ToList();
        return counts.Count == 0 ? 0 : BetaStoppingRule.ProbabilityLeaderIsBetter(counts[0], counts.Count > 1 ? counts[1] : 0);
    }

    private void Commit(int[] wave)
    {
        for (var p = 0; p < wave.Length; p++) allocated[p] += wave[p];
    }
}
