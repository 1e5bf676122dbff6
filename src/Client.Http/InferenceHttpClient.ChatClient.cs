using System.Runtime.CompilerServices;
using Inference.Protocol;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>The <see cref="IChatClient"/> face of the HTTP client: the same option mapping as the embedded client,
/// written as the server's wire request.</summary>
public sealed partial class InferenceHttpClient : IChatClient
{
    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var response = await CreateChatCompletionAsync(ToRequest(messages, options), cancellationToken).ConfigureAwait(false);
        var first = response.Choices.Count > 0 ? response.Choices[0] : null;
        var chat = new ChatResponse(ChatMessageWire.ToMessage(first?.Message.Content, first?.Message.ToolCalls))
        {
            ResponseId = response.Id,
            ModelId = response.Model,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(response.Created),
            FinishReason = first is null ? null : ToFinishReason(first.FinishReason),
            Usage = new UsageDetails
            {
                InputTokenCount = response.Usage.PromptTokens,
                OutputTokenCount = response.Usage.CompletionTokens,
                TotalTokenCount = response.Usage.TotalTokens,
            },
            RawRepresentation = response,
            AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.Choices] = response.Choices },
        };
        if (response.TestTimeScaling is not null) chat.AdditionalProperties[InferenceChatOptionKeys.Explanation] = response.TestTimeScaling;
        return chat;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        request.StreamOptions = new StreamOptions { IncludeUsage = true };
        var calls = new StreamedToolCalls();
        await foreach (var chunk in StreamChatCompletionAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (chunk.Usage is { } usage && chunk.Choices.Count == 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CompletionTokens, TotalTokenCount = usage.TotalTokens,
                })]) { ResponseId = chunk.Id, ModelId = chunk.Model, RawRepresentation = chunk };
                continue;
            }
            foreach (var choice in chunk.Choices)
            {
                if (choice.Delta.ToolCalls is { } parts) calls.Add(choice.Index, parts);
                var contents = new List<AIContent> { new TextContent(choice.Delta.Content ?? "") };
                if (choice.FinishReason is not null) contents.AddRange(ChatMessageWire.ToContents(calls.Take(choice.Index)));
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = chunk.Id,
                    MessageId = $"{chunk.Id}-{choice.Index}",
                    ModelId = chunk.Model,
                    CreatedAt = DateTimeOffset.FromUnixTimeSeconds(chunk.Created),
                    FinishReason = choice.FinishReason is { } reason ? ToFinishReason(reason) : null,
                    RawRepresentation = chunk,
                    AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.ChoiceIndex] = choice.Index },
                };
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("inference-http", options.BaseAddress, options.Model);
        if (serviceType == typeof(HttpClient)) return http;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>The wire request for a conversation and M.E.AI options (mapped as for the embedded client).</summary>
    public ChatCompletionRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var request = ChatOptionsMapping.ToInferenceOptions(options).ToChatRequest(options?.ModelId ?? this.options.Model);
        request.Messages = ChatMessageWire.ToWire(messages);
        return request;
    }

    private static ChatFinishReason ToFinishReason(string reason) => reason switch
    {
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" => ChatFinishReason.ToolCalls,
        _ => ChatFinishReason.Stop,
    };
}
