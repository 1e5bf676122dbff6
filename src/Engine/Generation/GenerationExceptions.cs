namespace Inference.Engine.Generation;

/// <summary>The waiting queue is full; try again later (HTTP 429).</summary>
public sealed class QueueFullException(int capacity)
    : Exception($"The server is at capacity: {capacity} requests are already waiting. Retry later.")
{
    public int Capacity { get; } = capacity;
}

/// <summary>The prompt plus max_tokens does not fit the model's context.</summary>
public sealed class ContextLengthExceededException(int promptTokens, int maxTokens, int contextLength)
    : ArgumentException($"This model's maximum context length is {contextLength} tokens. However, you requested {promptTokens + maxTokens} tokens " +
                        $"({promptTokens} in the prompt, {maxTokens} for the completion). Reduce the prompt or max_tokens.")
{
    public int PromptTokens { get; } = promptTokens;
    public int MaxTokens { get; } = maxTokens;
    public int ContextLength { get; } = contextLength;
}

/// <summary>The request can never fit the configured batch limits (too many samples or too many tokens).</summary>
public sealed class RequestTooLargeException(string parameter, string message) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;
}

/// <summary>The prompt has no tokens (e.g. its text was all characters the tokenizer drops): nothing to continue.</summary>
public sealed class EmptyPromptException() : ArgumentException("The prompt has no tokens.", "prompt");

/// <summary>The scheduler was stopped before or while the request ran.</summary>
public sealed class SchedulerStoppedException() : InvalidOperationException("The generation scheduler has stopped.");
