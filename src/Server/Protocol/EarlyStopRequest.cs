namespace Inference.Server.Protocol;

/// <summary>Adaptive sampling: rule beta (threshold, wave_size) or esc (window, wave_size); samples is the budget.</summary>
public sealed class EarlyStopRequest
{
    public string? Rule { get; set; }

    public double? Threshold { get; set; }

    public int? Window { get; set; }

    public int? WaveSize { get; set; }
}
