using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>
/// Sample in waves and stop when the vote is settled: "beta" (Adaptive-Consistency: P(leader better) under
/// Beta(v1+1, v2+1) >= threshold) or "esc" (a window of identical answers). The budget is the request's sample count.
/// </summary>
public sealed record EarlyStopSpec(string Rule, double Threshold = BetaStoppingRule.DefaultThreshold, int Window = WindowStoppingRule.DefaultWindow, int? WaveSize = null)
{
    public AdaptiveStopper CreateStopper(int budget) => Rule switch
    {
        "beta" => new AdaptiveStopper(budget, WaveSize ?? 5, [new BetaStoppingRule(Threshold)]),
        "esc" => new AdaptiveStopper(budget, WaveSize ?? Window, [new WindowStoppingRule(Window)]),
        _ => throw new PipelineConfigurationException("early_stop.rule", $"Unknown early_stop rule '{Rule}': use 'beta' or 'esc'."),
    };
}
