namespace Inference.Protocol;

/// <summary>{"type": "constant", "temperature": 1.0}: the same temperature for every token.</summary>
public sealed class ConstantScheduleRequest : TemperatureScheduleRequest
{
    public ConstantScheduleRequest() => Type = "constant";

    /// <summary>Default 1.</summary>
    public double? Temperature { get; set; }
}
