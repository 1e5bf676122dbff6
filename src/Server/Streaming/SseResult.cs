namespace Inference.Server.Streaming;

/// <summary>A streamed response: the body is produced by <paramref name="produce"/> through an <see cref="SseWriter"/>.
/// Errors before the first byte surface as normal JSON errors (the exception handler still can write); after, as an
/// error event. Endpoints document the stream's chunk type with Produces(200, "text/event-stream").</summary>
public sealed class SseResult(Func<SseWriter, CancellationToken, Task> produce) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => produce(new SseWriter(httpContext.Response), httpContext.RequestAborted);
}
