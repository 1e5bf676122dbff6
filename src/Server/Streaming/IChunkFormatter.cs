using Inference.Engine.Generation;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>Writes the chunks of one streamed response in its endpoint's shape (chat.completion.chunk or text_completion).</summary>
public interface IChunkFormatter
{
    /// <summary>The first chunk of a choice (chat: the role; completions: the echoed prompt, if asked).</summary>
    Task StartAsync(int choice, int prompt);

    /// <summary>The scored prompt of a choice (completions with echo and logprobs), before its first token.</summary>
    Task PromptScoredAsync(int choice, int prompt, IReadOnlyList<PromptTokenLogprob> tokens) => Task.CompletedTask;

    /// <summary>One generated token's text (possibly empty) and log-probabilities.</summary>
    Task TokenAsync(int choice, TokenGenerated token);

    /// <summary>Text without token information (text held back until a sample ended).</summary>
    Task TextAsync(int choice, string text);

    /// <summary>A whole chosen sample at once (selection streams).</summary>
    Task SampleAsync(int choice, SampleResult sample);

    Task FinishAsync(int choice, string finishReason, TestTimeScalingReport? report);

    Task UsageAsync(Usage usage);
}
