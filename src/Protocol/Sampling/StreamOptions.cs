namespace Inference.Protocol;

/// <summary>stream_options: include_usage adds a final chunk with usage and no choices.</summary>
public sealed class StreamOptions
{
    public bool? IncludeUsage { get; set; }
}
