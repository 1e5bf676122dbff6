using Inference.Server.Generation;
using Inference.Protocol;
using Inference.Server.Requests;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Endpoints;

public static class ChatCompletionsEndpoints
{
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder v1)
    {
        v1.MapPost("/chat/completions", CreateChatCompletion)
            .WithName("CreateChatCompletion")
            .WithTags("Chat")
            .WithSummary("Chat completion (OpenAI-compatible) with n, logprobs, streaming and the test_time_scaling extension.")
            .Accepts<ChatCompletionRequest>("application/json")
            .WithMetadata(new StreamedAs(typeof(ChatCompletionChunk)))
            .ProducesOpenAIErrors();
        return v1;
    }

    private static Task<Results<Ok<ChatCompletionResponse>, SseResult>> CreateChatCompletion(JsonBody<ChatCompletionRequest> body, HttpContext http,
        ChatCompletionHandler handler) => handler.HandleAsync(body.Value, http);
}
