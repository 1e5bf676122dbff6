using Inference.Protocol;

namespace Inference.Server.Endpoints;

public static class EndpointConventions
{
    /// <summary>Documents the OpenAI error body for the statuses an API endpoint can answer with.</summary>
    public static RouteHandlerBuilder ProducesOpenAIErrors(this RouteHandlerBuilder builder)
    {
        foreach (var status in new[] { 400, 401, 404, 413, 415, 429, 503, 504 })
            builder.Produces<ErrorResponse>(status, "application/json");
        return builder;
    }
}
