using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Inference.Server.Endpoints;

/// <summary>Endpoint metadata: with "stream": true the 200 response is text/event-stream of this chunk type. The
/// OpenAPI transformer adds that content next to the JSON body (one status code can carry one type in ApiExplorer).</summary>
public sealed record StreamedAs(Type ChunkType)
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<StreamedAs>().FirstOrDefault() is not { } streamed) return;
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
        var schema = await context.GetOrCreateSchemaAsync(streamed.ChunkType, null, cancellationToken);
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content["text/event-stream"] = new OpenApiMediaType { Schema = schema };
        response.Description = "The completion (JSON), or with \"stream\": true server-sent events: one chunk per data line, then data: [DONE].";
    }
}
