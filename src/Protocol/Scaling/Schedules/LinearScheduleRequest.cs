namespace Inference.Protocol;

/// <summary>{"type": "linear", "start", "end", "tokens"}: from start to end over tokens, then end.</summary>
public sealed class LinearScheduleRequest : TemperatureScheduleRequest
{
    public LinearScheduleRequest() => Type = "linear";

    public double? Start { get; set; }

    public double? End { get; set; }

    public int? Tokens { get; set; }
}
