namespace Inference.Protocol;

/// <summary>{"type": "ead"}: exploratory annealed decoding: temperature 1 for warmup_tokens tokens, then
/// tau(t) = max(1 + max_temperature - exp(t / (scale * decay)), min_temperature). Defaults 1.2, 0.1, 25, 20, 10.</summary>
public sealed class EadScheduleRequest : TemperatureScheduleRequest
{
    public EadScheduleRequest() => Type = "ead";

    public double? MaxTemperature { get; set; }

    public double? MinTemperature { get; set; }

    /// <summary>> 0.</summary>
    public double? Decay { get; set; }

    /// <summary>Multiplies decay; > 0.</summary>
    public double? Scale { get; set; }

    /// <summary>Tokens sampled at temperature 1 before the schedule starts.</summary>
    public int? WarmupTokens { get; set; }
}
