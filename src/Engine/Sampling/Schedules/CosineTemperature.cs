namespace Inference.Engine.Sampling.Schedules;

/// <summary>Half a cosine from <see cref="Start"/> down (or up) to <see cref="End"/> over <see cref="Tokens"/> tokens, then <see cref="End"/>.</summary>
public sealed record CosineTemperature(double Start, double End, int Tokens) : ITemperatureSchedule
{
    public string Name => "cosine";

    public double At(int t)
    {
        if (Tokens <= 0) return End;
        var progress = Math.Min((double)t / Tokens, 1.0);
        return End + ((Start - End) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
