namespace Inference.Pipeline.Requests;

/// <summary>Caps a deployment puts on one request (the server's Limits and Scheduler sections; the embedded client's
/// options); a request beyond one is refused naming the parameter. <see cref="MaxTokens"/> also bounds the default.</summary>
public sealed record RequestLimits
{
    public int MaxN { get; init; } = 16;
    public int MaxSamples { get; init; } = 64;
    public int MaxTokens { get; init; } = 1024;
    public int MaxTopLogprobs { get; init; } = 20;
    public int MaxStopStrings { get; init; } = 4;
    public int MaxBatchRows { get; init; } = 64;
}
