using Microsoft.AspNetCore.Http.Metadata;
using System.Reflection;

namespace Inference.Server.Streaming;

/// <summary>A streamed response: the body is produced by <paramref name="produce"/> through an <see cref="SseWriter"/>.
/// Errors before the first byte surface as normal JSON errors (the exception handler still can write); after, as an
/// error event.</summary>
public sealed class SseResult(Func<SseWriter, CancellationToken, Task> produce) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => produce(new SseWriter(httpContext.Response), httpContext.RequestAborted);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(200, typeof(string), ["text/event-stream"]));
}
