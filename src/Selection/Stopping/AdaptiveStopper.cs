namespace Inference.Selection;

/// <summary>
/// Drives sampling in waves: the pipeline draws <see cref="FirstWaveSize"/> samples, calls <see cref="AfterWave"/> with
/// all answers so far, and draws <see cref="StopDecision.NextWaveSize"/> more until <see cref="StopDecision.Stop"/>.
/// Stops when any rule fires (checked in order) or when the budget is spent; never plans past the budget.
/// </summary>
public sealed class AdaptiveStopper
{
    public AdaptiveStopper(int budget, int waveSize, IReadOnlyList<IStoppingRule> rules)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(waveSize, 1);
        ArgumentNullException.ThrowIfNull(rules);
        Budget = budget;
        WaveSize = waveSize;
        Rules = rules;
    }

    public int Budget { get; }

    public int WaveSize { get; }

    public IReadOnlyList<IStoppingRule> Rules { get; }

    public int FirstWaveSize => Math.Min(WaveSize, Budget);

    /// <summary>Beta rule (threshold 0.95) with waves of 5 up to 40 samples, as in Adaptive-Consistency.</summary>
    public static AdaptiveStopper AdaptiveConsistency(int budget = 40, int waveSize = 5, double threshold = BetaStoppingRule.DefaultThreshold) =>
        new(budget, waveSize, [new BetaStoppingRule(threshold)]);

    /// <summary>ESC: windows of w = 5 up to 40 samples, stop at the first unanimous window.</summary>
    public static AdaptiveStopper EarlyStoppingSelfConsistency(int budget = 40, int window = WindowStoppingRule.DefaultWindow) =>
        new(budget, window, [new WindowStoppingRule(window)]);

    public StopDecision AfterWave(IReadOnlyList<AnswerKey?> answersSoFar)
    {
        ArgumentNullException.ThrowIfNull(answersSoFar);
        var used = answersSoFar.Count;
        foreach (var rule in Rules)
        {
            var check = rule.Check(answersSoFar);
            if (check.Stop)
            {
                return new StopDecision(true, rule.Name, check.Detail, used, 0);
            }
        }

        if (used >= Budget)
        {
            return new StopDecision(true, "budget", $"budget of {Budget} samples spent", used, 0);
        }

        return new StopDecision(false, null, "continue", used, Math.Min(WaveSize, Budget - used));
    }

    /// <summary>Convenience overload over candidates.</summary>
    public StopDecision AfterWave(IReadOnlyList<Candidate> candidatesSoFar)
    {
        ArgumentNullException.ThrowIfNull(candidatesSoFar);
        return AfterWave(candidatesSoFar.Select(c => c.Answer?.Key).ToList());
    }
}
