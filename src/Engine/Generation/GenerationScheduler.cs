using System.Diagnostics;
using System.Threading.Channels;
using Inference.Engine.Decoding;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inference.Engine.Generation;

/// <summary>
/// Continuous batching over one model: a single decode loop (its own thread) owns the model's batch. A submitted
/// request waits in a bounded queue until its rows fit; then its prompt runs once (batch 1), the cache is replicated
/// into one row per sample and merged into the running batch (left padding, per-row positions), and every step
/// decodes all rows together. Finished and cancelled rows leave at the next step and the cache is compacted.
/// </summary>
public sealed class GenerationScheduler : IAsyncDisposable
{
    private readonly ModelPackage model;
    private readonly SchedulerOptions options;
    private readonly ILogger logger;
    private readonly Channel<ActiveRequest> queue;
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread loop;
    private readonly Sampler sampler = new();
    private readonly List<DecodeRow> rows = new();
    private readonly HashSet<ActiveRequest> running = new();
    private KvBatch? cache;
    private float[] logits = [];
    private int queued;
    private long reserved;
    private long tokensGenerated;
    private long steps;

    public GenerationScheduler(ModelPackage model, SchedulerOptions? options = null, ILogger? logger = null)
    {
        this.model = model;
        this.options = options ?? new SchedulerOptions();
        this.logger = logger ?? NullLogger.Instance;
        queue = Channel.CreateUnbounded<ActiveRequest>(new UnboundedChannelOptions { SingleReader = true });
        loop = new Thread(Run) { IsBackground = true, Name = $"decode-loop:{model.Descriptor.Id}" };
        loop.Start();
    }

    public ModelPackage Model => model;

    /// <summary>A snapshot of the scheduler's load.</summary>
    public SchedulerStats Stats => new(Volatile.Read(ref queued), Volatile.Read(ref activeRows), Volatile.Read(ref reserved),
        Interlocked.Read(ref tokensGenerated), Interlocked.Read(ref steps));

    private int activeRows;

    /// <summary>
    /// Validates and enqueues a request. Throws at once (before anything runs) for invalid parameters, token ids
    /// outside the vocabulary, a prompt that does not fit the context, a request larger than the limits, or a full queue
    /// (only for <see cref="QueueAdmission.New"/>: follow-up work of an admitted request always queues).
    /// </summary>
    public GenerationHandle Submit(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (stopping.IsCancellationRequested) throw new SchedulerStoppedException();
        var descriptor = model.Descriptor;
        ValidateSampling(request, descriptor.VocabSize);
        if (request.PromptTokens.Count == 0) throw new EmptyPromptException();
        model.ValidateTokenIds(request.PromptTokens.ToArray());
        if (request.Samples < 1) throw new RequestTooLargeException("n", "The number of samples must be >= 1.");
        if (request.Samples > options.MaxBatchRows)
            throw new RequestTooLargeException("n", $"{request.Samples} samples exceed the batch limit of {options.MaxBatchRows} rows.");
        if (request.PromptTokens.Count + request.Sampling.MaxTokens > descriptor.ContextLength)
            throw new ContextLengthExceededException(request.PromptTokens.Count, request.Sampling.MaxTokens, descriptor.ContextLength);

        var seed = request.Sampling.Seed ?? Random.Shared.Next();
        var active = new ActiveRequest(request, seed, descriptor.EosTokenIds, cancellationToken);
        if (active.Reservation > options.MaxKvTokens)
            throw new RequestTooLargeException("max_tokens",
                $"{request.Samples} samples x ({request.PromptTokens.Count} prompt + {request.Sampling.MaxTokens} max_tokens) tokens exceed the KV budget of {options.MaxKvTokens}.");
        if (Interlocked.Increment(ref queued) > options.MaxQueuedRequests && request.Admission == QueueAdmission.New)
        {
            Interlocked.Decrement(ref queued);
            throw new QueueFullException(options.MaxQueuedRequests);
        }
        if (!queue.Writer.TryWrite(active))
        {
            Interlocked.Decrement(ref queued);
            throw new SchedulerStoppedException();
        }
        return new GenerationHandle(request.Id, active.Events?.Reader, active.Completion.Task);
    }

    /// <summary>
    /// The sampling parameters, except that max_tokens may be 0 when the prompt is scored (nothing is sampled then).
    /// Prompt log-probabilities ask for 0..<see cref="SamplingParams.MaxTopLogprobs"/> alternatives.
    /// </summary>
    private static void ValidateSampling(GenerationRequest request, int vocabSize)
    {
        var p = request.Sampling;
        if (request.PromptLogprobs is { } top && (top < 0 || top > SamplingParams.MaxTopLogprobs))
            throw new InvalidSamplingParameterException("prompt_logprobs", $"prompt_logprobs must be between 0 and {SamplingParams.MaxTopLogprobs}; got {top}.");
        if (p.MaxTokens == 0 && request.PromptLogprobs is null)
            throw new InvalidSamplingParameterException("max_tokens", "max_tokens must be >= 1 (0 is allowed only when the prompt is scored).");
        (p.MaxTokens == 0 ? p with { MaxTokens = 1 } : p).Validate(vocabSize);
    }

    /// <summary>Submits and waits for the result.</summary>
    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        => await Submit(request with { Stream = false }, cancellationToken).Completion.WaitAsync(CancellationToken.None).ConfigureAwait(false);

    private ActiveRequest? pending;

    private void Run()
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                Admit(blocking: rows.Count == 0);
                if (rows.Count == 0) continue;
                DropCancelled();
                if (rows.Count == 0) continue;
                Step(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The decode loop failed; failing the {Count} running request(s).", running.Count);
                FailRunning(ex);
            }
        }
        var stopped = new SchedulerStoppedException();
        FailRunning(stopped);
        pending?.Fail(stopped);
        while (queue.Reader.TryRead(out var waiting)) waiting.Fail(stopped);
    }

    /// <summary>Moves waiting requests into the batch while they fit; blocks for one when the batch is empty.</summary>
    private void Admit(bool blocking)
    {
        while (true)
        {
            if (pending is null)
            {
                if (!queue.Reader.TryRead(out pending))
                {
                    if (!blocking) return;
                    if (!queue.Reader.WaitToReadAsync(stopping.Token).AsTask().GetAwaiter().GetResult()) return;
                    continue;
                }
            }
            var request = pending;
            if (request.CancellationToken.IsCancellationRequested)
            {
                pending = null;
                Interlocked.Decrement(ref queued);
                CancelUnstarted(request);
                continue;
            }
            if (rows.Count + request.Request.Samples > options.MaxBatchRows || reserved + request.Reservation > options.MaxKvTokens)
                return; // Wait for running rows to finish; the request keeps its place at the head of the queue (and counts as queued).
            pending = null;
            Interlocked.Decrement(ref queued);
            Prefill(request);
            blocking = false;
        }
    }

    private void Prefill(ActiveRequest request)
    {
        request.AdmittedAt = Stopwatch.GetTimestamp();
        var vocab = model.Descriptor.VocabSize;
        EnsureLogits(Math.Max(1, rows.Count + request.Request.Samples) * vocab);
        var prompt = request.Request.PromptTokens.ToArray();
        using var promptCache = KvBatch.Empty(model.Decoder.Interface.KvCache, 1);
        try
        {
            if (request.Request.PromptLogprobs is { } top) ScorePrompt(request, promptCache, prompt, top);
            else model.Decoder.Forward(promptCache, [prompt], logits, request.CancellationToken);
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            CancelUnstarted(request);
            return;
        }
        catch (Exception ex)
        {
            request.Fail(ex);
            return;
        }
        request.PrefilledAt = Stopwatch.GetTimestamp();

        var stopIds = request.StopTokenIds;
        var prefillLogits = logits.AsSpan(0, vocab).ToArray();
        var joined = new List<DecodeRow>();
        for (var i = 0; i < request.Request.Samples; i++)
        {
            var state = new SequenceState(request.PromptSet, request.Seed + i);
            var row = new DecodeRow(request, i, state, model.Tokenizer.CreateStreamingDecoder(request.Request.Sampling.SkipSpecialTokens));
            if (request.Request.Sampling.MaxTokens == 0)
            {
                row.FinishUnsampled();
                continue;
            }
            var sampled = sampler.Sample(prefillLogits, state, request.Request.Sampling, stopIds);
            row.Accept(sampled, stopIds, model.Descriptor.ContextLength, request.Request.Sampling.SkipSpecialTokens);
            Interlocked.Increment(ref tokensGenerated);
            if (!row.Finished) joined.Add(row);
        }
        if (joined.Count == 0)
        {
            request.Publish(); // every sample ended at its first token: it never held rows or a reservation
            return;
        }

        running.Add(request);
        reserved += request.Reservation;
        var selection = rows.Select((_, r) => (cache!, r)).Concat(joined.Select(_ => (promptCache, 0))).ToList();
        var merged = KvBatch.Gather(model.Decoder.Interface.KvCache, selection);
        cache?.Dispose();
        cache = merged;
        rows.AddRange(joined);
        Volatile.Write(ref activeRows, rows.Count);
    }

    /// <summary>
    /// The prefill of a request that scores its prompt: keeps every position's logits (S x vocab, only here), scores
    /// the prompt tokens, reports them, and leaves the last position's logits where sampling reads them.
    /// </summary>
    private void ScorePrompt(ActiveRequest request, KvBatch promptCache, int[] prompt, int top)
    {
        var vocab = model.Descriptor.VocabSize;
        var all = new float[prompt.Length * vocab];
        model.Decoder.ForwardAllPositions(promptCache, prompt, all, request.CancellationToken);
        all.AsSpan((prompt.Length - 1) * vocab, vocab).CopyTo(logits);
        request.PromptLogprobs = PromptScoring.Score(all, prompt, vocab, top);
        request.Emit(new PromptScored(request.PromptLogprobs));
    }

    private void Step(CancellationToken token)
    {
        var vocab = model.Descriptor.VocabSize;
        EnsureLogits(rows.Count * vocab);
        var inputs = new int[rows.Count][];
        for (var r = 0; r < rows.Count; r++) inputs[r] = [rows[r].LastToken];
        model.Decoder.Forward(cache!, inputs, logits, token);
        Interlocked.Increment(ref steps);

        var anyFinished = false;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var p = row.Owner.Request.Sampling;
            var stopIds = row.Owner.StopTokenIds;
            var sampled = sampler.Sample(logits.AsSpan(r * vocab, vocab), row.State, p, stopIds);
            row.Accept(sampled, stopIds, model.Descriptor.ContextLength, p.SkipSpecialTokens);
            Interlocked.Increment(ref tokensGenerated);
            anyFinished |= row.Finished;
        }
        if (anyFinished) Compact();
    }

    private void DropCancelled()
    {
        var any = false;
        foreach (var row in rows)
            if (!row.Finished && row.Owner.CancellationToken.IsCancellationRequested)
            {
                row.Cancel();
                any = true;
            }
        if (any) Compact();
    }

    /// <summary>Removes finished rows and releases the reservations of finished requests.</summary>
    private void Compact()
    {
        var keep = new List<(KvBatch, int)>();
        var kept = new List<DecodeRow>();
        for (var r = 0; r < rows.Count; r++)
            if (!rows[r].Finished)
            {
                keep.Add((cache!, r));
                kept.Add(rows[r]);
            }
        var compacted = KvBatch.Gather(model.Decoder.Interface.KvCache, keep);
        cache!.Dispose();
        cache = compacted;
        rows.Clear();
        rows.AddRange(kept);
        var done = running.Where(r => r.IsDone).ToList();
        foreach (var request in done)
        {
            running.Remove(request);
            reserved -= request.Reservation;
        }
        Volatile.Write(ref activeRows, rows.Count);
        foreach (var request in done) request.Publish();
    }

    private void FailRunning(Exception error)
    {
        var failed = running.ToList();
        running.Clear();
        rows.Clear();
        reserved = 0;
        cache?.Dispose();
        cache = null;
        Volatile.Write(ref activeRows, 0);
        foreach (var request in failed) request.Fail(error);
    }

    private void CancelUnstarted(ActiveRequest request)
    {
        for (var i = 0; i < request.Request.Samples; i++)
        {
            var state = new SequenceState(request.PromptSet, request.Seed + i);
            new DecodeRow(request, i, state, model.Tokenizer.CreateStreamingDecoder()).Cancel();
        }
        request.Publish();
    }

    private void EnsureLogits(int size)
    {
        if (logits.Length < size) logits = new float[size];
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        queue.Writer.TryComplete();
        await Task.Run(() => loop.Join()).ConfigureAwait(false);
        stopping.Dispose();
    }
}

/// <summary>The scheduler's load: waiting requests, decoding rows, reserved KV positions, totals.</summary>
public sealed record SchedulerStats(int QueuedRequests, int ActiveRows, long ReservedKvTokens, long TokensGenerated, long Steps);
