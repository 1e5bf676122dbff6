using System.Globalization;

namespace Inference.Engine.Runtime;

/// <summary>Where a model runs: "cpu", or "cuda" / "cuda:&lt;id&gt;" (CUDA device id, 0 by default).</summary>
public sealed record ExecutionDevice(bool IsCuda, int DeviceId)
{
    public static ExecutionDevice Cpu { get; } = new(false, 0);

    /// <summary>Parses "cpu", "cuda" or "cuda:&lt;id&gt;" (case-insensitive).</summary>
    public static ExecutionDevice Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = device.Trim().ToLowerInvariant();
        if (text == "cpu") return Cpu;
        if (text == "cuda") return new ExecutionDevice(true, 0);
        if (text.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return new ExecutionDevice(true, id);
        throw new ArgumentException($"Unknown device '{device}': expected 'cpu', 'cuda' or 'cuda:<id>'.", nameof(device));
    }

    public override string ToString() => IsCuda ? $"cuda:{DeviceId}" : "cpu";
}
