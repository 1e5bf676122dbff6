using Inference.Server.Generation;
using Inference.Protocol;
using Inference.Server.Requests;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Endpoints;

public static class CompletionsEndpoints
{
    public static RouteGroupBuilder MapCompletions(this RouteGroupBuilder v1)
    {
        v1.MapPost("/completions", CreateCompletion)
            .WithName("CreateCompletion")
            .WithTags("Completions")
            .WithSummary("Legacy text completion with prompt lists or token arrays, echo, logprobs, best_of and test_time_scaling.")
            .Accepts<CompletionRequest>("application/json")
            .WithMetadata(new StreamedAs(typeof(CompletionResponse)))
            .ProducesOpenAIErrors();
        return v1;
    }

    private static Task<Results<Ok<CompletionResponse>, SseResult>> CreateCompletion(JsonBody<CompletionRequest> body, HttpContext http,
        CompletionHandler handler) => handler.HandleAsync(body.Value, http);
}
