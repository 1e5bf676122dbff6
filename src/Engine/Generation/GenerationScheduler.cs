using System.Diagnostics;
using System.Threading.Channels;
using Inference.Engine.Constraints;
using Inference.Engine.Decoding;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inference.Engine.Generation;

/// <summary>
/// Continuous batching over one model: a single decode loop (its own thread) owns the model's <see cref="KvCache"/>,
/// whose slots are the batch's rows. A submitted request waits in a bounded queue until its rows fit; then its
/// prompt runs once, alone, into one slot, is copied into one slot per further sample, and every step decodes all
/// busy rows together. A finished, cancelled or stopped row (<see cref="GenerationHandle.StopSamples"/>) frees its
/// slot at once; no other row moves.
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
    private readonly KvCache cache;
    private readonly DecodeRow?[] rows;
    private readonly int[] stepTokens;
    private readonly HashSet<ActiveRequest> running = new();
    private float[] logits = [];
    private SamplingRow[] samplingRows = [];
    private int[] logitRows = [];
    private SampledToken[] sampledTokens = [];
    private ActiveRequest? pending;
    private int queued;
    private int activeRows;
    private long reserved;
    private long tokensGenerated;
    private long steps;

    public GenerationScheduler(ModelPackage model, SchedulerOptions? options = null, ILogger? logger = null)
        : this(model, options, logger, copyRows: true)
    {
    }

    /// <param name="copyRows">False gives a host cache the behaviour of a device cache (each sample prefilled), for tests.</param>
    internal GenerationScheduler(ModelPackage model, SchedulerOptions? options, ILogger? logger, bool copyRows)
    {
        this.model = model;
        this.options = options ?? new SchedulerOptions();
        this.logger = logger ?? NullLogger.Instance;
        RowCapacity = CapacityFor(model, this.options);
        cache = model.Decoder.CreateCache(this.options.MaxBatchRows, RowCapacity, copyRows);
        rows = new DecodeRow?[this.options.MaxBatchRows];
        stepTokens = new int[this.options.MaxBatchRows];
        queue = Channel.CreateUnbounded<ActiveRequest>(new UnboundedChannelOptions { SingleReader = true });
        loop = new Thread(Run) { IsBackground = true, Name = $"decode-loop:{model.Descriptor.Id}" };
        loop.Start();
    }

    public ModelPackage Model => model;

    /// <summary>Positions one batch row holds: a request fits when its prompt plus max_tokens does.</summary>
    public int RowCapacity { get; }

    /// <summary>KV positions the cache allocated (rows x capacity x copies).</summary>
    public long AllocatedKvTokens => cache.AllocatedTokens;

    /// <summary>A snapshot of the scheduler's load.</summary>
    public SchedulerStats Stats => new(Volatile.Read(ref queued), Volatile.Read(ref activeRows), Interlocked.Read(ref reserved),
        Interlocked.Read(ref tokensGenerated), Interlocked.Read(ref steps));

    /// <summary>
    /// The positions a row holds: the model's context, or less when the budget cannot give every row that much
    /// (a layout whose graph returns a new present needs two copies of the rows).
    /// </summary>
    public static int CapacityFor(ModelPackage model, SchedulerOptions options)
    {
        if (options.MaxBatchRows < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchRows must be >= 1.");
        var copies = model.Decoder.Interface.Placement == RowPlacement.FromStart ? 1 : 2;
        var perRow = options.MaxKvTokens / ((long)options.MaxBatchRows * copies);
        var capacity = (int)Math.Min(model.Descriptor.ContextLength, perRow);
        if (capacity < 2)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"MaxKvTokens {options.MaxKvTokens} gives each of {options.MaxBatchRows} rows fewer than 2 positions ({copies} copies of the rows).");
        return capacity;
    }

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
        var promptLength = request.PromptTokens.Count;
        if (promptLength + request.Sampling.MaxTokens > descriptor.ContextLength)
            throw new ContextLengthExceededException(promptLength, request.Sampling.MaxTokens, descriptor.ContextLength);
        if (promptLength + request.Sampling.MaxTokens > RowCapacity)
            throw new RequestTooLargeException("max_tokens",
                $"{promptLength} prompt + {request.Sampling.MaxTokens} max_tokens tokens exceed the {RowCapacity} positions a batch row holds " +
                $"(Scheduler:MaxKvTokens {options.MaxKvTokens} over Scheduler:MaxBatchRows {options.MaxBatchRows} rows).");
        var logitsTokens = PrefillLogitsTokens(promptLength);
        if (logitsTokens > LogitsRoom(options.MaxBatchRows))
            throw new RequestTooLargeException("prompt",
                $"The prefill's logits ({promptLength} positions x {descriptor.VocabSize} tokens) need the memory of {logitsTokens} KV positions, " +
                $"more than the budget has beside the row the prompt fills (Scheduler:MaxKvTokens {options.MaxKvTokens}).");

        var constraint = BindConstraint(request.Sampling);
        var seed = request.Sampling.Seed ?? Random.Shared.Next();
        var active = new ActiveRequest(request, seed, descriptor.EosTokenIds, descriptor.VocabSize, constraint, cancellationToken);
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
        return new GenerationHandle(request.Id, active.Events?.Reader, active.Completion.Task, active.AskStop);
    }

    /// <summary>
    /// Binds the request's constraint to the model's vocabulary and refuses it up front when its shortest document needs
    /// more than max_tokens. This and the first step's mask are computed on the caller's thread; the masks of states met
    /// later are computed by the sampler the first time a row meets them (then cached).
    /// </summary>
    private BoundConstraint? BindConstraint(SamplingParams p)
    {
        if (p.Constraint is not { } constraint || p.MaxTokens == 0) return null; // max_tokens 0 only scores the prompt
        var bound = constraint.Bind(ConstraintVocabulary.For(model.Tokenizer, model.Descriptor.VocabSize));
        if (bound.MinimumTokens == int.MaxValue)
            throw new ConstraintCompileException("No output the constraint allows can be written with this model's vocabulary.", "");
        if (bound.MinimumTokens > p.MaxTokens)
            throw new InvalidSamplingParameterException("max_tokens",
                $"max_tokens is {p.MaxTokens}, but the shortest output the constraint allows takes {bound.MinimumTokens} tokens of this model's vocabulary.");
        bound.MaskOf(bound.Start, first: true);
        return bound;
    }

    /// <summary>
    /// What a prefill's logits may use while the prompt runs, in KV positions: the budget the rows' allocation leaves,
    /// plus the free rows other than the one the prompt fills (the request's other rows are still empty then, and no
    /// other request is admitted meanwhile).
    /// </summary>
    private long LogitsRoom(int freeSlots) => options.MaxKvTokens - cache.AllocatedTokens + (long)(freeSlots - 1) * RowCapacity * cache.Copies;

    /// <summary>The KV positions whose bytes equal a prefill's logits (the graph returns every position's).</summary>
    private long PrefillLogitsTokens(int promptLength)
    {
        var bytes = (long)promptLength * model.Descriptor.VocabSize * sizeof(float);
        var perToken = model.Decoder.Interface.KvCache.BytesPerToken;
        return (bytes + perToken - 1) / perToken;
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

    private void Run()
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                Admit(blocking: cache.BusyRows == 0);
                if (cache.BusyRows == 0) continue;
                DropEnded();
                if (cache.BusyRows == 0) continue;
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
        cache.Dispose();
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
            if (cache.FreeSlots < request.Request.Samples || PrefillLogitsTokens(request.Request.PromptTokens.Count) > LogitsRoom(cache.FreeSlots))
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
        var samples = request.Request.Samples;
        var prompt = request.Request.PromptTokens.ToArray();
        var scoring = request.Request.PromptLogprobs is not null;
        var prefillLogits = new float[(scoring ? prompt.Length : 1) * vocab];
        var first = cache.Take();
        Reserve(PrefillLogitsTokens(prompt.Length));
        try
        {
            model.Decoder.Prefill(cache, first, prompt, prefillLogits, scoring, request.CancellationToken);
        }
        catch (Exception ex)
        {
            cache.Free(first);
            Publish();
            Fail(request, ex);
            return;
        }
        finally
        {
            Reserve(-PrefillLogitsTokens(prompt.Length));
        }
        request.PrefilledAt = Stopwatch.GetTimestamp();
        if (request.Request.PromptLogprobs is { } top)
        {
            request.PromptLogprobs = PromptScoring.Score(prefillLogits, prompt, vocab, top);
            request.Emit(new PromptScored(request.PromptLogprobs));
        }

        var states = new SequenceState[samples];
        for (var i = 0; i < samples; i++) states[i] = new SequenceState(request.PromptSet, request.Seed + i);
        if (request.Request.Sampling.MaxTokens == 0)
        {
            cache.Free(first);
            for (var i = 0; i < samples; i++) NewRow(request, i, states[i]).FinishUnsampled();
            Publish();
            request.Publish();
            return;
        }

        // Every sample starts from the prompt's last logits and its cache: one copy each, then one batched draw.
        var slots = Enumerable.Repeat(-1, samples).ToArray();
        slots[0] = first;
        try
        {
            for (var i = 1; i < samples; i++)
            {
                slots[i] = cache.Take();
                // A cache in device memory cannot copy rows: the prompt runs again into each sample's slot.
                if (cache.CanReplicate) cache.Replicate(first, slots[i]);
                else model.Decoder.Prefill(cache, slots[i], prompt, new float[vocab], false, request.CancellationToken);
            }
        }
        catch (Exception ex)
        {
            foreach (var slot in slots.Where(s => s >= 0 && cache.IsBusy(s)).Distinct()) cache.Free(slot);
            Publish();
            Fail(request, ex);
            return;
        }
        EnsureLogits(samples * vocab);
        var last = prefillLogits.AsSpan((prefillLogits.Length / vocab - 1) * vocab, vocab);
        for (var i = 0; i < samples; i++) last.CopyTo(logits.AsSpan(i * vocab, vocab));
        var newRows = new DecodeRow[samples];
        for (var i = 0; i < samples; i++) newRows[i] = NewRow(request, i, states[i]);
        var sampled = SampleRows(vocab, samples, i => newRows[i].Sampling, i => i);
        var started = false;
        for (var i = 0; i < samples; i++)
        {
            var row = newRows[i];
            row.Accept(sampled[i], request.StopTokenIds, model.Descriptor.ContextLength, request.Request.Sampling.SkipSpecialTokens);
            Interlocked.Increment(ref tokensGenerated);
            if (row.Finished)
            {
                cache.Free(slots[i]);
                continue;
            }
            row.Slot = slots[i];
            rows[slots[i]] = row;
            started = true;
        }
        request.JoinedAt = Stopwatch.GetTimestamp();
        Publish();
        if (started) running.Add(request);
        else request.Publish(); // every sample ended at its first token
    }

    private void Step(CancellationToken token)
    {
        var vocab = model.Descriptor.VocabSize;
        var pad = model.Descriptor.PadTokenId;
        for (var slot = 0; slot < rows.Length; slot++) stepTokens[slot] = rows[slot]?.LastToken ?? pad;
        EnsureLogits(cache.Slots * vocab);
        var bound = model.Decoder.Decode(cache, stepTokens, logits, token);
        Interlocked.Increment(ref steps);

        var busy = new List<DecodeRow>(cache.BusyRows);
        for (var slot = 0; slot < bound; slot++)
            if (rows[slot] is { } row) busy.Add(row);
        var sampled = SampleRows(vocab, busy.Count, i => busy[i].Sampling, i => busy[i].Slot);
        for (var i = 0; i < busy.Count; i++)
        {
            var row = busy[i];
            row.Accept(sampled[i], row.Owner.StopTokenIds, model.Descriptor.ContextLength, row.Owner.Request.Sampling.SkipSpecialTokens);
            Interlocked.Increment(ref tokensGenerated);
            if (row.Finished) Release(row);
        }
        PublishDone();
    }

    /// <summary>Before a step: rows of cancelled requests, and rows their caller stopped, leave the batch.</summary>
    private void DropEnded()
    {
        foreach (var row in rows)
        {
            if (row is null) continue;
            if (row.Owner.CancellationToken.IsCancellationRequested) row.Cancel();
            else if (row.Owner.StopAsked(row.SampleIndex)) row.Reject();
            else continue;
            Release(row);
        }
        PublishDone();
    }

    /// <summary>Frees a finished row's slot at once: nothing else moves.</summary>
    private void Release(DecodeRow row)
    {
        cache.Free(row.Slot);
        rows[row.Slot] = null;
        row.Slot = -1;
    }

    /// <summary>Completes the requests whose rows have all finished, after their slots were released.</summary>
    private void PublishDone()
    {
        Publish();
        List<ActiveRequest>? done = null;
        foreach (var request in running)
            if (request.IsDone) (done ??= new()).Add(request);
        if (done is null) return;
        foreach (var request in done)
        {
            running.Remove(request);
            request.Publish();
        }
    }

    /// <summary>Publishes the cache's occupancy to <see cref="Stats"/>.</summary>
    private void Publish()
    {
        Volatile.Write(ref activeRows, cache.BusyRows);
        Interlocked.Exchange(ref reserved, (long)cache.BusyRows * RowCapacity * cache.Copies + transient);
    }

    private long transient;

    private void Reserve(long tokens)
    {
        transient += tokens;
        Publish();
    }

    private void FailRunning(Exception error)
    {
        var failed = running.ToList();
        running.Clear();
        Array.Clear(rows);
        cache.Reset();
        transient = 0;
        Publish();
        foreach (var request in failed) request.Fail(error);
    }

    /// <summary>Ends a request whose admission failed: cancelled by its caller, or a model error.</summary>
    private void Fail(ActiveRequest request, Exception error)
    {
        if (error is OperationCanceledException && request.CancellationToken.IsCancellationRequested) CancelUnstarted(request);
        else request.Fail(error);
    }

    private void CancelUnstarted(ActiveRequest request)
    {
        for (var i = 0; i < request.Request.Samples; i++)
            NewRow(request, i, new SequenceState(request.PromptSet, request.Seed + i)).Cancel();
        request.Publish();
    }

    /// <summary>Samples <paramref name="count"/> rows in one batch; row i reads logits row <paramref name="logitRow"/>(i).</summary>
    private SampledToken[] SampleRows(int vocab, int count, Func<int, SamplingRow> row, Func<int, int> logitRow)
    {
        if (samplingRows.Length < count)
        {
            samplingRows = new SamplingRow[count];
            logitRows = new int[count];
            sampledTokens = new SampledToken[count];
        }
        for (var r = 0; r < count; r++)
        {
            samplingRows[r] = row(r);
            logitRows[r] = logitRow(r);
        }
        sampler.Sample(logits, vocab, samplingRows, logitRows, count, sampledTokens);
        return sampledTokens;
    }

    private DecodeRow NewRow(ActiveRequest request, int index, SequenceState state)
        => new(request, index, state, model.Tokenizer.CreateStreamingDecoder(request.Request.Sampling.SkipSpecialTokens));

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
