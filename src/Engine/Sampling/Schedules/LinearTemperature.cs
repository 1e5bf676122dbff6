namespace Inference.Engine.Sampling.Schedules;

/// <summary>From <see cref="Start"/> to <see cref="End"/> in a straight line over <see cref="Tokens"/> tokens, then <see cref="End"/>.</summary>
public sealed record LinearTemperature(double Start, double End, int Tokens) : ITemperatureSchedule
{
    public string Name => "linear";

    public double At(int t) => Tokens <= 0 ? End : Start + ((End - Start) * Math.Min((double)t / Tokens, 1.0));
}
