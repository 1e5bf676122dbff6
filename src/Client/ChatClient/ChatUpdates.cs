using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>Turns the clients' streamed <see cref="InferenceUpdate"/>s into M.E.AI chat updates.</summary>
internal static class ChatUpdates
{
    /// <summary>
    /// Text deltas and finishes become assistant updates whose MessageId ends with the choice index (choices
    /// interleave when n > 1); the final update carries usage as <see cref="UsageContent"/>; progress is skipped.
    /// </summary>
    public static ChatResponseUpdate? From(InferenceUpdate update, string responseId, string model)
    {
        if (update.Completion is { } completion)
        {
            var final = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
            {
                InputTokenCount = completion.PromptTokens,
                OutputTokenCount = completion.CompletionTokens,
                TotalTokenCount = completion.PromptTokens + completion.CompletionTokens,
            })])
            {
                ResponseId = responseId,
                ModelId = model,
                RawRepresentation = completion,
            };
            if (completion.Explanation is not null)
                final.AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.Explanation] = completion.Explanation };
            return final;
        }
        if (update.ChoiceIndex < 0) return null;
        var calls = update.ToolCalls is { Count: > 0 } ? update.ToolCalls : null;
        return new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(update.TextDelta), .. ChatMessageWire.ToContents(calls)])
        {
            ResponseId = responseId,
            MessageId = $"{responseId}-{update.ChoiceIndex}",
            ModelId = model,
            FinishReason = calls is not null ? ChatFinishReason.ToolCalls
                : update.FinishReason is { } reason ? EmbeddedChatMapping.ToChatFinishReason(reason) : null,
            AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.ChoiceIndex] = update.ChoiceIndex },
        };
    }
}
