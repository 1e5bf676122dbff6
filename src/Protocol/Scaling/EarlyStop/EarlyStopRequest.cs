using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>test_time_scaling.early_stop: sample in waves and stop once the vote is settled; samples is the budget.
/// By "rule": beta (threshold, wave_size) or esc (window, wave_size).</summary>
[JsonConverter(typeof(EarlyStopConverter))]
public abstract class EarlyStopRequest : WireExtensionObject
{
    /// <summary>The rules and their aliases.</summary>
    public static readonly WireNames Rules = new(("beta", ["adaptive_consistency"]), ("esc", ["window"]));

    /// <summary>beta | esc.</summary>
    public string? Rule { get; set; }

    /// <summary>Samples drawn per wave (default: 5 for beta, the window for esc).</summary>
    public int? WaveSize { get; set; }
}
