using Inference.Engine.Generation;
using Inference.Server.Generation;
using Inference.Server.Protocol;

namespace Inference.Server.Streaming;

/// <summary>chat.completion.chunk events: same id and created on every chunk; the first chunk of a choice carries the role.</summary>
public sealed class ChatChunkFormatter(SseWriter sse, string id, long created, string model, bool usageRequested, int topLogprobs, LogprobsBuilder? logprobs)
    : IChunkFormatter
{
    public Task StartAsync(int choice, int prompt, CancellationToken ct) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta("assistant", "") }], ct);

    public Task TokenAsync(int choice, TokenGenerated token, CancellationToken ct)
    {
        if (token.TextDelta.Length == 0 && logprobs is null) return Task.CompletedTask;
        var lp = logprobs is null ? null : new ChatLogprobs([logprobs.ChatToken(token.TokenId, token.Logprob, token.TopLogprobs, topLogprobs)]);
        return Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: token.TextDelta), Logprobs = lp }], ct);
    }

    public Task TextAsync(int choice, string text, CancellationToken ct) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: text) }], ct);

    public Task SampleAsync(int choice, SampleResult sample, CancellationToken ct) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(Content: sample.Text), Logprobs = logprobs?.ForChat(sample, topLogprobs) }], ct);

    public Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report, CancellationToken ct) =>
        Write([new ChatChunkChoice { Index = choice, Delta = new ChatDelta(), FinishReason = finishReason }], ct, report: report);

    public Task UsageAsync(Usage usage, CancellationToken ct) => Write([], ct, usage);

    private Task Write(IReadOnlyList<ChatChunkChoice> choices, CancellationToken ct, Usage? usage = null, TestTimeScalingReport? report = null) =>
        sse.WriteAsync(new ChatCompletionChunk
        {
            Id = id,
            Created = created,
            Model = model,
            Choices = choices,
            Usage = usage,
            UsageRequested = usageRequested,
            TestTimeScaling = report,
        }, ct);
}
