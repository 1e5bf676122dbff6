using Inference.Engine.Generation;
using Inference.Server.Generation;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>text_completion events for a streamed /v1/completions request. With <paramref name="scoredPrompt"/> (echo
/// and logprobs) the echoed prompt is written when the engine has scored it, with its logprobs, instead of at the start.</summary>
public sealed class CompletionChunkFormatter(SseWriter sse, string id, long created, string model, bool usageRequested,
    IReadOnlyList<string>? echoPrompts, int topLogprobs, LogprobsBuilder? logprobs, bool scoredPrompt = false) : IChunkFormatter
{
    public Task StartAsync(int choice, int prompt) =>
        echoPrompts is null || scoredPrompt ? Task.CompletedTask : Write([new CompletionChoice { Index = choice, Text = echoPrompts[prompt] }]);

    public Task PromptScoredAsync(int choice, int prompt, IReadOnlyList<PromptTokenLogprob> tokens) =>
        echoPrompts is null || logprobs is null
            ? Task.CompletedTask
            : Write([new CompletionChoice { Index = choice, Text = echoPrompts[prompt], Logprobs = logprobs.ForPrompt(tokens, echoPrompts[prompt], topLogprobs) }]);

    public Task TokenAsync(int choice, TokenGenerated token)
    {
        if (token.TextDelta.Length == 0 && logprobs is null) return Task.CompletedTask;
        CompletionLogprobs? lp = null;
        if (logprobs is not null)
        {
            var text = logprobs.TokenText(token.TokenId);
            lp = new CompletionLogprobs([text], [token.Logprob], [logprobs.CompletionTop(token.TokenId, token.Logprob, token.TopLogprobs, topLogprobs)], [0]);
        }
        return Write([new CompletionChoice { Index = choice, Text = token.TextDelta, Logprobs = lp }]);
    }

    public Task TextAsync(int choice, string text) => Write([new CompletionChoice { Index = choice, Text = text }]);

    public Task SampleAsync(int choice, SampleResult sample) =>
        Write([new CompletionChoice { Index = choice, Text = sample.Text, Logprobs = logprobs?.ForCompletion(sample, topLogprobs, 0) }]);

    public Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report) =>
        Write([new CompletionChoice { Index = choice, Text = "", FinishReason = finishReason }], report: report);

    public Task UsageAsync(Usage usage) => Write([], usage);

    private Task Write(IReadOnlyList<CompletionChoice> choices, Usage? usage = null, TestTimeScalingReport? report = null) =>
        sse.WriteAsync(new CompletionResponse
        {
            Id = id,
            Created = created,
            Model = model,
            Choices = choices,
            Usage = usage,
            UsageRequested = usageRequested,
            TestTimeScaling = report is null ? null : [report],
        });
}
