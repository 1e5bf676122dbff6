namespace Inference.Pipeline.Sources;

/// <summary>
/// Where a pipeline's samples come from: the local engine, another server speaking the OpenAI API, or a pool that
/// spreads a draw over several of those. Whatever the source, sample i of a request is drawn with seed
/// <see cref="SampleDraw.BaseSeed"/> + i, so the samples do not depend on where they were drawn.
/// </summary>
public interface ISampleSource
{
    /// <summary>Names the source in reports and progress ("local", or "&lt;backend&gt;@&lt;host:port&gt;").</summary>
    string Name { get; }

    /// <summary>Whether it can draw this request (a remote server needs the request as the client sent it).</summary>
    bool CanDraw(SampleDraw draw);

    /// <summary>Draws samples [First, First + Count) of the request, indexed by their absolute index.</summary>
    Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken);
}
