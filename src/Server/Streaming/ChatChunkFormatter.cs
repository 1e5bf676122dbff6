using System.Collections.Concurrent;
using System.Text;
using Inference.Engine.Generation;
using Inference.Pipeline.Tools;
using Inference.Server.Generation;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>
/// chat.completion.chunk events: same id and created on every chunk; the first chunk of a choice carries the role.
/// When the request has tools, a choice's text is held until it ends, then parsed (<see cref="ToolCallParser"/>): its
/// calls go out in OpenAI's delta shape (per call, one chunk with index, id, type, name and empty arguments, then one
/// with the arguments), followed by finish_reason "tool_calls"; text that is no call goes out as one content delta.
/// </summary>
public sealed class ChatChunkFormatter(SseWriter sse, string id, long created, string model, bool usageRequested, int topLogprobs, LogprobsBuilder? logprobs,
    ChatTools? tools = null)
    : IChunkFormatter
{
    private readonly ConcurrentDictionary<int, StringBuilder>? held = tools is { Mode: not ToolChoiceMode.None } ? new() : null;

    public Task StartAsync(int choice, int prompt) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta("assistant", "") }]);

    public Task TokenAsync(int choice, TokenGenerated token)
    {
        if (Hold(choice, token.TextDelta)) return Task.CompletedTask;
        if (token.TextDelta.Length == 0 && logprobs is null) return Task.CompletedTask;
        var lp = logprobs is null ? null : new ChatLogprobs([logprobs.ChatToken(token.TokenId, token.Logprob, token.TopLogprobs, topLogprobs)]);
        return Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: token.TextDelta), Logprobs = lp }]);
    }

    public Task TextAsync(int choice, string text) =>
        Hold(choice, text) ? Task.CompletedTask : Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: text) }]);

    public Task SampleAsync(int choice, SampleResult sample) =>
        Hold(choice, sample.Text) ? Task.CompletedTask
            : Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: sample.Text), Logprobs = logprobs?.ForChat(sample, topLogprobs) }]);

    public async Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report)
    {
        if (held is not null && held.TryRemove(choice, out var text))
        {
            var message = ToolCallParser.Parse(text.ToString(), tools);
            if (message.Content is { Length: > 0 } content) await Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: content) }]);
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

    /// <summary>Keeps a tool request's text until its choice ends; false when the text streams as it comes.</summary>
    private bool Hold(int choice, string text)
    {
        if (held is null) return false;
        held.GetOrAdd(choice, _ => new StringBuilder()).Append(text);
        return true;
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
