using System.Threading.Channels;

namespace Inference.Engine.Generation;

/// <summary>A submitted request: its event stream (when streaming) and its final result.</summary>
public sealed class GenerationHandle
{
    private readonly ChannelReader<GenerationEvent>? events;

    internal GenerationHandle(string id, ChannelReader<GenerationEvent>? events, Task<GenerationResult> completion)
    {
        Id = id;
        this.events = events;
        Completion = completion;
    }

    public string Id { get; }

    /// <summary>Completes when every sample finished (cancelled samples included); faults if the model failed.</summary>
    public Task<GenerationResult> Completion { get; }

    /// <summary>Per-token and per-sample events, samples interleaved, in generation order.</summary>
    public IAsyncEnumerable<GenerationEvent> Events(CancellationToken cancellationToken = default)
        => (events ?? throw new InvalidOperationException("The request was submitted with Stream = false.")).ReadAllAsync(cancellationToken);
}
