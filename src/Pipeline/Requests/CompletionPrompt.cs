namespace Inference.Pipeline.Requests;

/// <summary>One prompt of a /v1/completions request: its text and its tokens.</summary>
public sealed record CompletionPrompt(string Text, IReadOnlyList<int> Tokens);
