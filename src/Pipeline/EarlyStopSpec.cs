using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>
/// Sample in waves and stop when the vote is settled: "beta" (Adaptive-Consistency: P(leader better) under
/// Beta(v1+1, v2+1) >= threshold) or "esc" (a window of identical answers). The budget is the request's sample count.
/// </summary>
public sealed record EarlyStopSpec(string Rule, double Threshold = BetaStoppingRule.DefaultThreshold, int Window = WindowStoppingRule.DefaultWindow, int? WaveSize = null)
{
    /// <summary>Samples per wave when the request gives none for the beta rule (the Adaptive-Consistency paper's step).</summary>
    public const int DefaultBetaWaveSize = 5;

    /// <summary>Samples drawn per wave: as asked, else 5 for beta and the window for esc (its first decision needs a
    /// full window). The one place this default is decided; the batch-size check and the stopper both read it.</summary>
    public int Wave => WaveSize ?? (Rule == "esc" ? Window : DefaultBetaWaveSize);

    public AdaptiveStopper CreateStopper(int budget) => Rule switch
    {
        "beta" => new AdaptiveStopper(budget, Wave, [new BetaStoppingRule(Threshold)]),
        "esc" => new AdaptiveStopper(budget, Wave, [new WindowStoppingRule(Window)]),
        _ => throw new PipelineConfigurationException("early_stop.rule", $"Unknown early_stop rule '{Rule}': use 'beta' or 'esc'."),
    };
}
