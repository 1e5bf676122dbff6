using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// test_time_scaling.temperature_schedule: a per-token temperature, by "type": constant (temperature), ead
/// (max_temperature, min_temperature, decay, scale, warmup_tokens), linear or cosine (start, end, tokens), exponential
/// (start, rate, min). A field the type does not define is refused by name.
/// </summary>
[JsonConverter(typeof(TemperatureScheduleConverter))]
public abstract class TemperatureScheduleRequest : WireExtensionObject
{
    /// <summary>The schedule types and their aliases.</summary>
    public static readonly WireNames Types = new(
        ("constant", []), ("ead", ["exploratory_annealed"]), ("linear", []), ("cosine", []), ("exponential", []));

    /// <summary>constant | ead | linear | cosine | exponential.</summary>
    public string? Type { get; set; }
}
