namespace Inference.Protocol;

public sealed record TopLogprob(string Token, double Logprob, IReadOnlyList<int>? Bytes);
