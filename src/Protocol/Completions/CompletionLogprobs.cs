namespace Inference.Protocol;

/// <summary>Legacy completion log-probabilities: parallel lists per generated token.</summary>
public sealed record CompletionLogprobs(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<double?> TokenLogprobs,
    IReadOnlyList<Dictionary<string, double>?> TopLogprobs,
    IReadOnlyList<int> TextOffset);
