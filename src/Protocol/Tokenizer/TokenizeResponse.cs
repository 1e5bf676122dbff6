namespace Inference.Protocol;

public sealed record TokenizeResponse(IReadOnlyList<int> Tokens, int Count, int MaxModelLen, IReadOnlyList<string?>? TokenStrs);
