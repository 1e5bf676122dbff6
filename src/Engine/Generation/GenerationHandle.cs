using System.Threading.Channels;

namespace Inference.Engine.Generation;

/// <summary>A submitted request: its event stream (when streaming) and its final result.</summary>
public sealed class GenerationHandle
{
    private readonly ChannelReader<GenerationEvent>? events;
    private readonly Action<int>? stop;

    internal GenerationHandle(string id, ChannelReader<GenerationEvent>? events, Task<GenerationResult> completion, Action<int>? stop = null)
    {
        Id = id;
        this.events = events;
        Completion = completion;
        this.stop = stop;
    }

    public string Id { get; }

    /// <summary>Completes when every sample finished (cancelled samples included); faults if the model failed.</summary>
    public Task<GenerationResult> Completion { get; }

    /// <summary>
    /// Stops these samples alone, at the decode loop's next step: each leaves the batch and frees its KV slot at once,
    /// finishing with <see cref="FinishReason.Rejected"/> and the tokens it had; no other row moves or changes (every
    /// row draws from its own random stream). A sample that already finished keeps its result; unknown indices are
    /// ignored. The request completes as usual when its last sample finishes.
    /// </summary>
    public void StopSamples(IEnumerable<int> sampleIndices)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        if (stop is null) return;
        foreach (var index in sampleIndices) stop(index);
    }

    /// <summary>Per-token and per-sample events, samples interleaved, in generation order.</summary>
    public IAsyncEnumerable<GenerationEvent> Events(CancellationToken cancellationToken = default)
        => (events ?? throw new InvalidOperationException("The request was submitted with Stream = false.")).ReadAllAsync(cancellationToken);
}
