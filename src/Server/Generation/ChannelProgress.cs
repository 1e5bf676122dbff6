using System.Threading.Channels;
using Inference.Pipeline;

namespace Inference.Server.Generation;

/// <summary>Pipeline progress delivered in order to one reader (Progress&lt;T&gt; would post to the thread pool, unordered).</summary>
public sealed class ChannelProgress : IProgress<PipelineProgress>
{
    private readonly Channel<PipelineProgress> channel = Channel.CreateUnbounded<PipelineProgress>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<PipelineProgress> Reader => channel.Reader;

    public void Report(PipelineProgress value) => channel.Writer.TryWrite(value);

    public void Complete() => channel.Writer.TryComplete();
}
