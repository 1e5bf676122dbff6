using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Pipeline.Sources;
using Inference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Pipeline.Tests;

/// <summary>
/// The pool's own decisions, with sources the test drives (each answers its chunk when released, or fails): how a draw
/// is split, that a failed chunk is redrawn whole elsewhere, that a hedged chunk is kept once, and that a sampling
/// timeout returns what arrived with the reason. Real servers behind the pool: ScaleOutTests in Server.Tests.
/// </summary>
public sealed class ShardedSampleSourceTests
{
    private static SampleDraw Draw(int count, int first = 0) =>
        new([1, 2, 3], new SamplingParams(), BaseSeed: 100, First: first, Count: count, QueueAdmission.New, Upstream: null);

    [Fact]
    public void A_draw_is_split_into_contiguous_chunks_by_least_outstanding_work_over_capacity()
    {
        var a = new ShardMember(new DrivenSource("a"), capacity: 2);
        var b = new ShardMember(new DrivenSource("b"), capacity: 1);
        var c = new ShardMember(new DrivenSource("c"), capacity: 1);
        using var busy = c.Take(3);
        var chunks = ShardPlan.Split(Draw(12, first: 4), [a, b, c]);
        // One sample at a time to the least loaded (ties to the first listed): a (capacity 2) ends at 8/2, b at 4/1, and
        // c, already drawing 3 samples for another request, would reach 4/1 only with the 13th sample.
        Assert.Equal(["a:4+8", "b:12+4"], chunks.Select(x => $"{x.Member.Name}:{x.Chunk.First}+{x.Chunk.Count}"));
        Assert.Equal(12, chunks.Sum(x => x.Chunk.Count));
        Assert.Equal(104, chunks[0].Chunk.FirstSeed);
        Assert.Equal(112, chunks[1].Chunk.FirstSeed);
    }

    [Fact]
    public void A_share_larger_than_a_members_largest_request_goes_as_several_chunks()
    {
        var a = new ShardMember(new DrivenSource("a"), capacity: 1, maxChunk: 16);
        var b = new ShardMember(new DrivenSource("b"), capacity: 1, maxChunk: 16);
        var chunks = ShardPlan.Split(Draw(40), [a, b]);
        Assert.Equal(["a:0+16", "a:16+4", "b:20+16", "b:36+4"], chunks.Select(x => $"{x.Member.Name}:{x.Chunk.First}+{x.Chunk.Count}"));
    }

    [Fact]
    public async Task A_failed_chunk_is_redrawn_whole_on_another_member_and_no_sample_is_lost_or_doubled()
    {
        var a = new DrivenSource("a");
        var b = new DrivenSource("b") { Fails = true };
        var pool = Pool(new FakeTimeProvider(), new ShardingOptions(), a, b);
        var drawing = pool.DrawAsync(Draw(8), new SamplingProgress(null, 8, 0, 0), CancellationToken.None);
        await a.ReleaseAllAsync(expected: 2);
        var drawn = await drawing;
        Assert.Equal(Enumerable.Range(0, 8), drawn.Samples.Select(s => s.Index));
        Assert.Equal(Enumerable.Range(100, 8).Select(seed => (long)seed), drawn.Samples.Select(s => s.Seed));
        Assert.Null(drawn.Shortfall);
        Assert.Equal([new SourceShare("a", 8, 2), new SourceShare("b", 0, 0, Failed: 1, LastError: "b is down")], drawn.Shares);
        Assert.Equal([(0, 4), (4, 4)], a.Chunks.Order());
    }

    [Fact]
    public async Task A_straggling_chunk_is_hedged_on_another_member_and_kept_once()
    {
        var time = new FakeTimeProvider();
        var a = new DrivenSource("a");
        var b = new DrivenSource("b");
        var pool = Pool(time, new ShardingOptions { HedgeAfter = TimeSpan.FromSeconds(5) }, a, b);
        var delivered = new LastProgress();
        var drawing = pool.DrawAsync(Draw(4), new SamplingProgress(delivered, 4, 0, 0), CancellationToken.None);
        await Eventually.TrueAsync(() => a.Pending == 1 && b.Pending == 1, "both chunks running");
        a.ReleaseOne();
        await Eventually.TrueAsync(() => delivered.SamplesDone == 2, "a's chunk delivered");
        time.Advance(TimeSpan.FromSeconds(5));
        // a's chunk finished in time; b's straggles and is hedged on a, which finishes it first.
        await Eventually.TrueAsync(() => a.Pending == 1, "the hedge of b's chunk running on a");
        a.ReleaseOne();
        var drawn = await drawing;
        Assert.Equal(Enumerable.Range(0, 4), drawn.Samples.Select(s => s.Index));
        // b delivered nothing (its attempt lost the race and was cancelled): a drew both chunks, one as a hedge.
        Assert.Equal([new SourceShare("a", 4, 2, Hedged: 1)], drawn.Shares);
        await Eventually.TrueAsync(() => b.Cancelled == 1, $"the slower attempt cancelled (b: {b.Pending} pending, {b.Cancelled} cancelled)");
    }

    [Fact]
    public async Task When_the_sampling_timeout_elapses_the_samples_that_arrived_are_used_and_the_shortfall_says_why()
    {
        var time = new FakeTimeProvider();
        var a = new DrivenSource("a");
        var b = new DrivenSource("b");
        var pool = Pool(time, new ShardingOptions { SamplingTimeout = TimeSpan.FromSeconds(30) }, a, b);
        var delivered = new LastProgress();
        var drawing = pool.DrawAsync(Draw(6), new SamplingProgress(delivered, 6, 0, 0), CancellationToken.None);
        await Eventually.TrueAsync(() => a.Pending == 1 && b.Pending == 1, "both chunks running");
        a.ReleaseOne();
        await Eventually.TrueAsync(() => delivered.SamplesDone == 3, "a's chunk delivered");
        time.Advance(TimeSpan.FromSeconds(30));
        var drawn = await drawing;
        Assert.Equal([0, 1, 2], drawn.Samples.Select(s => s.Index));
        Assert.Equal("3 of 6 samples were not drawn: samples 3-5 still running on b when the sampling timeout (30 s) elapsed.", drawn.Shortfall);
    }

    [Fact]
    public async Task When_no_member_delivers_anything_the_draw_fails_with_the_reason()
    {
        var pool = Pool(new FakeTimeProvider(), new ShardingOptions(), new DrivenSource("a") { Fails = true }, new DrivenSource("b") { Fails = true });
        var error = await Assert.ThrowsAsync<SamplesUnavailableException>(() => pool.DrawAsync(Draw(4), new SamplingProgress(null, 4, 0, 0), CancellationToken.None));
        Assert.Equal("4 of 4 samples were not drawn: samples 0-1 failed on every member of the pool (last: b: b is down); " +
                     "samples 2-3 failed on every member of the pool (last: a: a is down).", error.Message);
    }

    [Fact]
    public async Task A_chunk_rejected_as_an_invalid_request_is_not_redrawn_and_cancels_the_other_chunks()
    {
        var a = new DrivenSource("a");
        var b = new DrivenSource("b") { Rejects = true };
        var c = new DrivenSource("c");
        var pool = Pool(new FakeTimeProvider(), new ShardingOptions(), a, b, c);
        // a draws samples 0-1, b 2-3 and c 4-5; b answers 400 while a and c are still drawing (never released).
        var drawing = pool.DrawAsync(Draw(6), new SamplingProgress(null, 6, 0, 0), CancellationToken.None);
        // Bounded only so that a regression (b's chunk redrawn on a gated member) fails instead of hanging.
        var rejected = await Assert.ThrowsAsync<UpstreamRequestRejectedException>(() => drawing.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal((400, "messages", "context_length_exceeded"), (rejected.StatusCode, rejected.Param, rejected.Code));
        Assert.Equal((1, 1, 1), (a.Calls, b.Calls, c.Calls));
        await Eventually.TrueAsync(() => a.Cancelled == 1 && c.Cancelled == 1, $"the other chunks cancelled (a: {a.Cancelled}, c: {c.Cancelled})");
        Assert.Empty(a.Chunks);
        Assert.Empty(c.Chunks);
    }

    [Fact]
    public async Task A_hedge_rejected_as_an_invalid_request_cancels_the_straggling_attempt_and_surfaces()
    {
        var time = new FakeTimeProvider();
        var a = new DrivenSource("a");
        var b = new DrivenSource("b") { Rejects = true };
        var pool = Pool(time, new ShardingOptions { HedgeAfter = TimeSpan.FromSeconds(5) }, a, b);
        // One sample: a draws it and straggles; its hedge on b is refused as invalid.
        var drawing = pool.DrawAsync(Draw(1), new SamplingProgress(null, 1, 0, 0), CancellationToken.None);
        await Eventually.TrueAsync(() => a.Pending == 1, "a's chunk running");
        time.Advance(TimeSpan.FromSeconds(5));
        var rejected = await Assert.ThrowsAsync<UpstreamRequestRejectedException>(() => drawing.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("b", rejected.Backend);
        await Eventually.TrueAsync(() => a.Cancelled == 1, "the straggling attempt cancelled");
        Assert.Equal((1, 1), (a.Calls, b.Calls));
    }

    private static ShardedSampleSource Pool(TimeProvider time, ShardingOptions options, params DrivenSource[] sources)
    {
        var members = sources.Select(s => new ShardMember(s, 1)).ToList();
        return new ShardedSampleSource("pool", _ => ValueTask.FromResult<IReadOnlyList<ShardMember>>(members), options, time);
    }

    private sealed class LastProgress : IProgress<PipelineProgress>
    {
        private int done;

        public int SamplesDone => Volatile.Read(ref done);

        public void Report(PipelineProgress value) => Volatile.Write(ref done, value.SamplesDone);
    }

    /// <summary>A source whose chunks finish when the test releases them (sample i's text names its seed), or fail at once.</summary>
    private sealed class DrivenSource(string name) : ISampleSource
    {
        private readonly Queue<TaskCompletionSource> gates = new();
        private readonly Lock gate = new();
        private int cancelled;
        private int calls;

        public string Name => name;

        public bool Fails { get; init; }

        /// <summary>Answers like a backend refusing the request itself (400), after a yield.</summary>
        public bool Rejects { get; init; }

        public int Calls => Volatile.Read(ref calls);

        public List<(int First, int Count)> Chunks { get; } = [];

        public int Pending
        {
            get { lock (gate) return gates.Count; }
        }

        public int Cancelled => Volatile.Read(ref cancelled);

        public bool CanDraw(SampleDraw draw) => true;

        public async Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            if (Fails) throw new HttpRequestException($"{name} is down");
            if (Rejects)
            {
                await Task.Yield();
                throw new UpstreamRequestRejectedException(name, 400, "This model's maximum context length is 128 tokens.", "messages", "context_length_exceeded");
            }
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate) gates.Enqueue(released);
            try
            {
                await released.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                lock (gate) gates.TryDequeue(out _);
                Interlocked.Increment(ref cancelled);
                throw;
            }
            lock (gate) Chunks.Add((draw.First, draw.Count));
            var samples = Enumerable.Range(0, draw.Count)
                .Select(i => new SampleResult(draw.First + i, $"seed {draw.FirstSeed + i}", [7], FinishReason.Stop, null, draw.FirstSeed + i, null, null, null))
                .ToList();
            return new DrawnSamples(samples, 3, [new SourceShare(name, draw.Count, 1)]);
        }

        public void ReleaseOne()
        {
            lock (gate) gates.Dequeue().SetResult();
        }

        public async Task ReleaseAllAsync(int expected)
        {
            for (var i = 0; i < expected; i++)
            {
                await Eventually.TrueAsync(() => Pending > 0, $"chunk {i + 1} of {name} waiting");
                ReleaseOne();
            }
        }
    }
}
