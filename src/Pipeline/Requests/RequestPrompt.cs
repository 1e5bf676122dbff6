namespace Inference.Pipeline.Requests;

/// <summary>One prompt ready to run: its tokens, the text verifiers see as the user's prompt, and the text the model sees.</summary>
public sealed record RequestPrompt(IReadOnlyList<int> Tokens, string UserText, string Rendered);
