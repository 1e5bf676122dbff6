namespace Inference.Engine.Sampling.Schedules;

/// <summary>
/// Exploratory Annealed Decoding ("Let it Calm", arXiv 2510.05251): temperature 1 for the first <see cref="WarmupTokens"/>
/// tokens, then tau_t = max(1 + tau_max - exp(t / (scale * d)), tau_min). The paper's form has scale 1; the authors'
/// code divides by 20*d, which is the default here (tau reaches tau_min after ~371 tokens with the defaults).
/// </summary>
public sealed record ExploratoryAnnealedTemperature : ITemperatureSchedule
{
    public double MaxTemperature { get; init; } = 1.2;
    public double MinTemperature { get; init; } = 0.1;
    public double Decay { get; init; } = 25;
    public double Scale { get; init; } = 20;
    public int WarmupTokens { get; init; } = 10;

    public string Name => "ead";

    public double At(int t)
    {
        if (t < WarmupTokens) return 1.0;
        return Math.Max(1 + MaxTemperature - Math.Exp(t / (Scale * Decay)), MinTemperature);
    }
}
