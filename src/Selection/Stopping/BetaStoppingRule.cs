namespace Inference.Selection;

/// <summary>
/// Adaptive-Consistency's Beta rule: with v1 &gt;= v2 the votes of the two leading answers (v2 = 0 with one answer),
/// P = P(p1 &gt; p2) under Beta(v1+1, v2+1) = 1 - I_{1/2}(v1+1, v2+1), computed exactly for these integer
/// parameters; stop when P &gt;= threshold (default 0.95). No answers yet: never stops.
/// </summary>
public sealed class BetaStoppingRule : IStoppingRule
{
    public const double DefaultThreshold = 0.95;

    public BetaStoppingRule(double threshold = DefaultThreshold, double relativeTolerance = AnswerKey.DefaultRelativeTolerance)
    {
        if (!(threshold is > 0.5 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The Beta stopping threshold must be in (0.5, 1).");
        }

        Threshold = threshold;
        RelativeTolerance = relativeTolerance;
    }

    public string Name => "beta";

    public double Threshold { get; }

    public double RelativeTolerance { get; }

    /// <summary>P(p1 &gt; p2) under Beta(v1+1, v2+1).</summary>
    public static double ProbabilityLeaderIsBetter(int v1, int v2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(v1);
        ArgumentOutOfRangeException.ThrowIfNegative(v2);
        return 1 - IncompleteBeta.RegularizedAtHalf(v1 + 1, v2 + 1);
    }

    public StopCheck Check(IReadOnlyList<AnswerKey?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var counts = AnswerClasses.Count(answers, RelativeTolerance).Select(c => c.Count).OrderDescending().ToList();
        if (counts.Count == 0)
        {
            return new StopCheck(false, "no answers yet");
        }

        var v1 = counts[0];
        var v2 = counts.Count > 1 ? counts[1] : 0;
        var p = ProbabilityLeaderIsBetter(v1, v2);
        return new StopCheck(p >= Threshold, $"P(p1 > p2) = {p:F4} with votes {v1} vs {v2} (threshold {Threshold})");
    }
}
