using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>The embedded client's results as Microsoft.Extensions.AI values (its options are mapped by <see cref="ChatOptionsMapping"/>).</summary>
internal static class EmbeddedChatMapping
{
    /// <summary>The conversation as template messages: text contents joined, function calls and results as tool calls
    /// and tool messages (through the wire form, checked as the server checks it).</summary>
    public static IReadOnlyList<Engine.Packages.ChatMessage> ToEngineMessages(IEnumerable<ChatMessage> messages)
        => Pipeline.Requests.ChatMessageMapping.ToChatMessages(ChatMessageWire.ToWire(messages), int.MaxValue);

    /// <summary>The M.E.AI finish reason of an engine finish reason.</summary>
    public static ChatFinishReason ToChatFinishReason(Engine.Generation.FinishReason reason) => reason switch
    {
        Engine.Generation.FinishReason.Length => ChatFinishReason.Length,
        _ => ChatFinishReason.Stop,
    };

    /// <summary>A chat response carrying the first choice as its message and every choice in its additional properties.</summary>
    public static ChatResponse ToChatResponse(InferenceCompletion completion)
    {
        var first = completion.Choices.Count > 0 ? completion.Choices[0] : null;
        var response = new ChatResponse(ChatMessageWire.ToMessage(first?.Text, first?.ToolCalls))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            FinishReason = first is null ? null : first.ToolCalls is { Count: > 0 } ? ChatFinishReason.ToolCalls : ToChatFinishReason(first.FinishReason),
            Usage = new UsageDetails
            {
                InputTokenCount = completion.PromptTokens,
                OutputTokenCount = completion.CompletionTokens,
                TotalTokenCount = completion.PromptTokens + completion.CompletionTokens,
            },
            RawRepresentation = completion,
            AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.Choices] = completion.Choices },
        };
        if (completion.Explanation is not null) response.AdditionalProperties[InferenceChatOptionKeys.Explanation] = completion.Explanation;
        return response;
    }
}
