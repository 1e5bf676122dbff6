using System.Collections.Concurrent;
using Inference.Engine.Generation;
using Inference.Pipeline.Tools;
using Inference.Server.Generation;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>
/// chat.completion.chunk events: same id and created on every chunk; the first chunk of a choice carries the role.
/// When the request has tools, a choice's text streams as content only as far as it cannot be a call
/// (<see cref="ToolTextStream"/>); when the choice ends the whole text is parsed (<see cref="ToolCallParser"/>): the
/// content not sent yet goes out as one delta, then the calls in OpenAI's delta shape (per call, one chunk with index,
/// id, type, name and empty arguments, then one with the arguments), followed by finish_reason "tool_calls".
/// </summary>
public sealed class ChatChunkFormatter(SseWriter sse, string id, long created, string model, bool usageRequested, int topLogprobs, LogprobsBuilder? logprobs,
    ChatTools? tools = null)
    : IChunkFormatter
{
    private readonly ConcurrentDictionary<int, ToolTextStream>? toolText = tools is { Mode: not ToolChoiceMode.None } ? new() : null;

    public Task StartAsync(int choice, int prompt) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta("assistant", "") }]);

    public Task TokenAsync(int choice, TokenGenerated token)
    {
        if (toolText is not null) return Content(choice, token.TextDelta);
        if (token.TextDelta.Length == 0 && logprobs is null) return Task.CompletedTask;
        var lp = logprobs is null ? null : new ChatLogprobs([logprobs.ChatToken(token.TokenId, token.Logprob, token.TopLogprobs, topLogprobs)]);
        return Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: token.TextDelta), Logprobs = lp }]);
    }

    public Task TextAsync(int choice, string text) =>
        toolText is not null ? Content(choice, text) : Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: text) }]);

    public Task SampleAsync(int choice, SampleResult sample) =>
        toolText is not null ? Content(choice, sample.Text)
            : Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: sample.Text), Logprobs = logprobs?.ForChat(sample, topLogprobs) }]);

    public async Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report)
    {
        if (toolText is not null && toolText.TryRemove(choice, out var stream))
        {
            var (message, unsent) = stream.Finish();
            if (unsent.Length > 0) await Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: unsent) }]);
            var calls = ToolCallWire.ToWire(message.Calls) ?? [];
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                await Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta { ToolCalls = [new ToolCallDto
                {
                    Index = i, Id = call.Id, Type = "function", Function = new FunctionCallDto { Name = call.Function!.Name, Arguments = "" },
                }] } }]);
                await Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta { ToolCalls = [new ToolCallDto
                {
                    Index = i, Function = new FunctionCallDto { Arguments = call.Function.Arguments },
                }] } }]);
            }
            if (calls.Count > 0) finishReason = "tool_calls";
        }
        await Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(), FinishReason = finishReason }], report: report);
    }

    public Task UsageAsync(Usage usage) => Write([], usage);

    /// <summary>A tool request's text: the content it may send now, if any (per-token logprobs are not sent with tools).</summary>
    private Task Content(int choice, string text)
    {
        var content = toolText!.GetOrAdd(choice, _ => new ToolTextStream(tools!)).Append(text);
        return content.Length == 0 ? Task.CompletedTask : Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: content) }]);
    }

    private Task Write(IReadOnlyList<ChatChunkChoice> choices, Usage? usage = null, TestTimeScalingReport? report = null) =>
        sse.WriteAsync(new ChatCompletionChunk
        {
            Id = id,
            Created = created,
            Model = model,
            Choices = choices,
            Usage = usage,
            UsageRequested = usageRequested,
            TestTimeScaling = report,
        });
}
