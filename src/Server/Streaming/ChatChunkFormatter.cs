using Inference.Engine.Generation;
using Inference.Server.Generation;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>chat.completion.chunk events: same id and created on every chunk; the first chunk of a choice carries the role.</summary>
public sealed class ChatChunkFormatter(SseWriter sse, string id, long created, string model, bool usageRequested, int topLogprobs, LogprobsBuilder? logprobs)
    : IChunkFormatter
{
    public Task StartAsync(int choice, int prompt) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta("assistant", "") }]);

    public Task TokenAsync(int choice, TokenGenerated token)
    {
        if (token.TextDelta.Length == 0 && logprobs is null) return Task.CompletedTask;
        var lp = logprobs is null ? null : new ChatLogprobs([logprobs.ChatToken(token.TokenId, token.Logprob, token.TopLogprobs, topLogprobs)]);
        return Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: token.TextDelta), Logprobs = lp }]);
    }

    public Task TextAsync(int choice, string text) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: text) }]);

    public Task SampleAsync(int choice, SampleResult sample) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: sample.Text), Logprobs = logprobs?.ForChat(sample, topLogprobs) }]);

    public Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(), FinishReason = finishReason }], report: report);

    public Task UsageAsync(Usage usage) => Write([], usage);

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
