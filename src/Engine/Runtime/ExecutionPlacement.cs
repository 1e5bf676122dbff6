namespace Inference.Engine.Runtime;

/// <summary>Where a session ended up running, and why not where it was asked to, if it fell back.</summary>
/// <param name="Requested">The device asked for.</param>
/// <param name="Device">The device in use.</param>
/// <param name="Providers">ONNX Runtime's names of the providers in use, in priority order, CPU last.</param>
/// <param name="FallbackReason">Why the requested device's provider could not be used (ONNX Runtime's words), or null.</param>
public sealed record ExecutionPlacement(
    ExecutionDevice Requested,
    ExecutionDevice Device,
    IReadOnlyList<string> Providers,
    string? FallbackReason)
{
    public bool FellBackToCpu => FallbackReason is not null;
}
