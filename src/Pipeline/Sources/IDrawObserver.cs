using Inference.Engine.Generation;

namespace Inference.Pipeline.Sources;

/// <summary>
/// Follows a local draw's generation events as they stream, before progress counts them, and may act on the request
/// through its handle (early rejection judges and stops rows with it: <see cref="RejectionCohort"/>).
/// </summary>
internal interface IDrawObserver
{
    Task ObserveAsync(GenerationEvent e, GenerationHandle handle, CancellationToken cancellationToken);

    /// <summary>Every event was seen, or the draw failed (at submission too): called exactly once per draw.</summary>
    void Ended();
}
