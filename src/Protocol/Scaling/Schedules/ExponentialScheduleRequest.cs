namespace Inference.Protocol;

/// <summary>{"type": "exponential", "start", "rate", "min"}: max(start * rate^t, min).</summary>
public sealed class ExponentialScheduleRequest : TemperatureScheduleRequest
{
    public ExponentialScheduleRequest() => Type = "exponential";

    public double? Start { get; set; }

    /// <summary>In (0, 1].</summary>
    public double? Rate { get; set; }

    /// <summary>Default 0.</summary>
    public double? Min { get; set; }
}
