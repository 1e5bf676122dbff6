namespace Inference.Protocol;

/// <summary>A token with its log-probability, UTF-8 bytes and the most likely alternatives.</summary>
public sealed record ChatTokenLogprob(string Token, double Logprob, IReadOnlyList<int>? Bytes, IReadOnlyList<TopLogprob> TopLogprobs);
