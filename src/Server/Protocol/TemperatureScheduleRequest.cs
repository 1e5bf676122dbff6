namespace Inference.Server.Protocol;

/// <summary>
/// A per-token temperature schedule: type constant (temperature), ead (max_temperature, min_temperature, decay,
/// scale, warmup_tokens), linear or cosine (start, end, tokens), exponential (start, rate, min).
/// </summary>
public sealed class TemperatureScheduleRequest
{
    public string? Type { get; set; }

    public double? Temperature { get; set; }

    public double? MaxTemperature { get; set; }

    public double? MinTemperature { get; set; }

    public double? Decay { get; set; }

    public double? Scale { get; set; }

    public int? WarmupTokens { get; set; }

    public double? Start { get; set; }

    public double? End { get; set; }

    public int? Tokens { get; set; }

    public double? Rate { get; set; }

    public double? Min { get; set; }
}
