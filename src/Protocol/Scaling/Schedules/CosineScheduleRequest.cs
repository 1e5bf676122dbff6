namespace Inference.Protocol;

/// <summary>{"type": "cosine", "start", "end", "tokens"}: half a cosine from start to end over tokens, then end.</summary>
public sealed class CosineScheduleRequest : TemperatureScheduleRequest
{
    public CosineScheduleRequest() => Type = "cosine";

    public double? Start { get; set; }

    public double? End { get; set; }

    public int? Tokens { get; set; }
}
