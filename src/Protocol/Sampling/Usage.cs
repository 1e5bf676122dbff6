namespace Inference.Protocol;

/// <summary>Token counts; completion_tokens counts every sampled token (all candidates of a selection or best_of).</summary>
public sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens);
