using System.Diagnostics;
using System.Threading.Channels;
using Inference.Engine.Constraints;
using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>A request inside the scheduler: its samples' results as they finish, and where its events go.</summary>
internal sealed class ActiveRequest
{
    private readonly SampleResult?[] results;
    private readonly bool[] stopAsked;
    private int finished;

    public ActiveRequest(GenerationRequest request, long seed, IReadOnlyList<int> modelStopTokens, int vocabSize, BoundConstraint? constraint,
        CancellationToken cancellationToken)
    {
        StopTokenIds = request.Sampling.IgnoreEos
            ? request.Sampling.StopTokenIds.ToArray()
            : modelStopTokens.Concat(request.Sampling.StopTokenIds).Distinct().ToArray();
        CanSampleStopToken = StopTokenIds.Any(id => id < vocabSize);
        Request = request;
        Seed = seed;
        CancellationToken = cancellationToken;
        results = new SampleResult?[request.Samples];
        stopAsked = new bool[request.Samples];
        Events = request.Stream ? Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleWriter = true }) : null;
        PromptSet = request.PromptTokens.ToHashSet();
        Plan = new SamplingPlan(request.Sampling, StopTokenIds, constraint);
    }

    /// <summary>Some stop token has a logit (an EOS id beyond the model's logits can never be sampled).</summary>
    public bool CanSampleStopToken { get; }

    /// <summary>The sampling parameters prepared once for the decode loop.</summary>
    public SamplingPlan Plan { get; }

    public GenerationRequest Request { get; }

    public long Seed { get; }

    public CancellationToken CancellationToken { get; }

    public Channel<GenerationEvent>? Events { get; }

    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlySet<int> PromptSet { get; }

    /// <summary>Token ids that end a sample: the model's EOS ids (unless ignored) and the request's own.</summary>
    public int[] StopTokenIds { get; }

    public long SubmittedAt { get; } = Stopwatch.GetTimestamp();

    public long AdmittedAt { get; set; }

    public long PrefilledAt { get; set; }

    /// <summary>When its rows had their prompt's cache and their first token (the end of its admission).</summary>
    public long JoinedAt { get; set; }

    /// <summary>The scored prompt, set by the prefill when the request asked for it.</summary>
    public IReadOnlyList<PromptTokenLogprob>? PromptLogprobs { get; set; }

    public bool IsDone => finished == results.Length;

    /// <summary>Asks the decode loop to stop one sample (any thread); an index outside the request is ignored.</summary>
    public void AskStop(int sampleIndex)
    {
        if ((uint)sampleIndex < (uint)stopAsked.Length) Volatile.Write(ref stopAsked[sampleIndex], true);
    }

    /// <summary>Whether the caller asked to stop this sample (read by the decode loop).</summary>
    public bool StopAsked(int sampleIndex) => Volatile.Read(ref stopAsked[sampleIndex]);

    public void Emit(GenerationEvent e) => Events?.Writer.TryWrite(e);

    /// <summary>Records a finished sample. The request completes only when the scheduler calls <see cref="Publish"/>.</summary>
    public void Finish(SampleResult result, string textDelta)
    {
        results[result.Index] = result;
        finished++;
        Emit(new SampleCompleted(result.Index, textDelta, result));
    }

    /// <summary>
    /// Completes a request whose samples have all finished. The scheduler calls it after it has released the
    /// request's rows and KV reservation, so a caller that sees the result also sees <c>Stats</c> without them.
    /// </summary>
    public void Publish()
    {
        if (!IsDone) throw new InvalidOperationException("A request is published only when all its samples have finished.");
        Events?.Writer.TryComplete();
        var now = Stopwatch.GetTimestamp();
        Completion.TrySetResult(new GenerationResult(Request.Id, results!, Request.PromptTokens.Count,
            Stopwatch.GetElapsedTime(SubmittedAt, AdmittedAt == 0 ? now : AdmittedAt),
            AdmittedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(AdmittedAt, PrefilledAt == 0 ? now : PrefilledAt),
            Stopwatch.GetElapsedTime(SubmittedAt, now))
        {
            PromptLogprobs = PromptLogprobs,
            AdmissionTime = AdmittedAt == 0 || JoinedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(AdmittedAt, JoinedAt),
        });
    }

    public void Fail(Exception error)
    {
        Events?.Writer.TryComplete(error);
        Completion.TrySetException(error);
    }
}
