namespace Inference.Protocol;

/// <summary>A response format whose type is missing or unknown.</summary>
public sealed class OtherResponseFormat : ResponseFormatRequest;
