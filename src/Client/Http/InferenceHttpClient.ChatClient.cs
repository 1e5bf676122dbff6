using System.Runtime.CompilerServices;
using System.Text.Json;
using Inference.Server.Protocol;
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
        var chat = new ChatResponse(new ChatMessage(ChatRole.Assistant, first?.Message.Content ?? ""))
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
        await foreach (var chunk in StreamChatCompletionAsync(request, null, cancellationToken).ConfigureAwait(false))
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
                yield return new ChatResponseUpdate(ChatRole.Assistant, choice.Delta.Content ?? "")
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
        var mapped = ChatOptionsMapping.ToInferenceOptions(options);
        var tts = mapped.TestTimeScaling is { } t ? TestTimeScalingWire.ToRequest(t, mapped.ReturnCandidates) : null;
        if (mapped.TemperatureSchedule is { } schedule)
        {
            if (tts is null)
                throw new NotSupportedException("Over HTTP a temperature schedule travels inside test_time_scaling; set that too.");
            tts.TemperatureSchedule = TestTimeScalingWire.ToRequest(schedule);
        }
        return new ChatCompletionRequest
        {
            Model = options?.ModelId ?? this.options.Model,
            Messages = messages.Select(m => new ChatMessageDto { Role = m.Role.Value, Content = JsonSerializer.SerializeToElement(m.Text, ProtocolJsonContext.Default.String) }).ToList(),
            Temperature = mapped.Temperature,
            TopP = mapped.TopP,
            TopK = mapped.TopK,
            MinP = mapped.MinP,
            RepetitionPenalty = mapped.RepetitionPenalty,
            PresencePenalty = mapped.PresencePenalty,
            FrequencyPenalty = mapped.FrequencyPenalty,
            MaxTokens = mapped.MaxTokens,
            Seed = mapped.Seed,
            N = mapped.N == 1 ? null : mapped.N,
            Logprobs = mapped.Logprobs || mapped.TopLogprobs > 0 ? true : null,
            TopLogprobs = mapped.TopLogprobs > 0 ? mapped.TopLogprobs : null,
            Stop = mapped.Stop.Count == 0 ? null : JsonSerializer.SerializeToElement<System.Text.Json.Nodes.JsonNode>(new System.Text.Json.Nodes.JsonArray(mapped.Stop.Select(s => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(s)).ToArray()), WireJson.Node),
            TestTimeScaling = tts,
        };
    }

    private static ChatFinishReason ToFinishReason(string reason) => reason switch
    {
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" => ChatFinishReason.ToolCalls,
        _ => ChatFinishReason.Stop,
    };
}
