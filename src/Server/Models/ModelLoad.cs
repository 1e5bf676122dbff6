namespace Inference.Server.Models;

/// <summary>Where a configured model's loading stands: loading, failed (with why), or ready (with the served model).
/// Replaced whole, never changed, so readers see one consistent state.</summary>
public sealed record ModelLoad(ModelState State, string? Error, ServedModel? Served)
{
    public static ModelLoad Loading { get; } = new(ModelState.Loading, null, null);
}
