namespace Inference.Engine.Sampling.Schedules;

/// <summary>tau_t = max(<see cref="Start"/> * <see cref="Rate"/>^t, <see cref="Min"/>), with 0 &lt; rate &lt;= 1.</summary>
public sealed record ExponentialTemperature(double Start, double Rate, double Min) : ITemperatureSchedule
{
    public string Name => "exponential";

    public double At(int t) => Math.Max(Start * Math.Pow(Rate, t), Min);
}
