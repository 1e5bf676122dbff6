using System.Runtime.ExceptionServices;
using Inference.Engine.Generation;

namespace Inference.Pipeline.Sources;

/// <summary>
/// Spreads a draw over a pool of sources (the local engine, replicas of this server, other OpenAI-compatible servers):
/// one contiguous chunk per member by least outstanding work (<see cref="ShardPlan"/>), each chunk one request of n
/// samples from the seed its first sample has in a single-node run. A chunk that fails is redrawn whole on the least
/// loaded member that has not failed it; a straggling chunk may be hedged on another member; each chunk's samples
/// are kept once, from the attempt that finished first, so nothing is lost or counted twice. When chunks cannot be
/// drawn at all (every member failed them, or the sampling timeout elapsed), the draw returns what arrived with the
/// reason; when nothing arrived it throws <see cref="SamplesUnavailableException"/>. A chunk a member rejects as an
/// invalid request (<see cref="UpstreamRequestRejectedException"/>, a 400/422) is not redrawn: the draw's other
/// chunks are cancelled and the rejection is thrown. Progress is reported per chunk kept, the first report coming with
/// the first chunk.
/// </summary>
public sealed class ShardedSampleSource(
    string name,
    Func<CancellationToken, ValueTask<IReadOnlyList<ShardMember>>> members,
    ShardingOptions options,
    TimeProvider? timeProvider = null) : ISampleSource
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public string Name => name;

    public bool CanDraw(SampleDraw draw) => true;

    public async Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken)
    {
        var resolved = await members(cancellationToken).ConfigureAwait(false);
        var pool = resolved.Where(m => m.Source.CanDraw(draw)).ToList();
        if (pool.Count == 0)
            throw new SamplesUnavailableException(resolved.Count == 0
                ? $"The sample pool '{name}' has no members (no backend endpoint resolved)."
                : $"No member of the sample pool '{name}' can draw this request (remote backends take chat requests only).");
        // No progress until a chunk has arrived: a stream starts (and commits to 200) only once samples flow, so a pool
        // whose members all fail is still a 503 before any byte.

        using var timeout = new CancellationTokenSource(options.SamplingTimeout ?? Timeout.InfiniteTimeSpan, time);
        using var rejection = new CancellationTokenSource();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, rejection.Token);
        // A chunk the backend rejected as invalid (UpstreamRequestRejectedException) cancels the others and faults the
        // draw with that rejection: WhenAll's fault outranks the other chunks' cancellation.
        var outcomes = await Task.WhenAll(ShardPlan.Split(draw, pool)
            .Select(c => RunChunkAsync(c.Member, c.Chunk, pool, progress, cancellationToken, budget.Token, rejection))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var samples = outcomes.Where(o => o.Drawn is not null).SelectMany(o => o.Drawn!.Samples).OrderBy(s => s.Index).ToList();
        var shares = SourceShare.Merge(outcomes.SelectMany(o => o.Shares));
        var missing = outcomes.Where(o => o.Drawn is null).ToList();
        var shortfall = missing.Count == 0 ? null
            : $"{draw.Count - samples.Count} of {draw.Count} samples were not drawn: {string.Join("; ", missing.Select(m => m.Reason))}.";
        if (samples.Count == 0) throw new SamplesUnavailableException(shortfall!);
        return new DrawnSamples(samples, outcomes.Sum(o => o.Drawn?.PromptTokens ?? 0), shares, shortfall)
        {
            PromptLength = outcomes.First(o => o.Drawn is not null).Drawn!.PromptLength,
        };
    }

    private sealed record ChunkOutcome(DrawnSamples? Drawn, List<SourceShare> Shares, string? Reason);

    private async Task<ChunkOutcome> RunChunkAsync(ShardMember first, SampleDraw chunk, IReadOnlyList<ShardMember> pool, SamplingProgress progress,
        CancellationToken request, CancellationToken budget, CancellationTokenSource rejection)
    {
        var tried = new HashSet<ShardMember>();
        var shares = new List<SourceShare>();
        var range = chunk.Count == 1 ? $"sample {chunk.First}" : $"samples {chunk.First}-{chunk.First + chunk.Count - 1}";
        string? lastError = null;
        for (var member = first; member is not null; member = ShardPlan.LeastLoaded(pool.Where(m => !tried.Contains(m)), chunk.Count))
        {
            tried.Add(member);
            try
            {
                var (winner, drawn) = await DrawHedgedAsync(member, chunk, pool, tried, shares, budget).ConfigureAwait(false);
                shares.Add(new SourceShare(winner.Name, drawn.Samples.Count, 1, WithoutLogprobs: drawn.Shares.Sum(s => s.WithoutLogprobs)));
                progress.Samples(winner.Name, drawn.Samples.Count, drawn.Samples.Sum(s => s.Length));
                return new ChunkOutcome(drawn, shares, null);
            }
            catch (UpstreamRequestRejectedException)
            {
                // The request is invalid, not the member: every other member would refuse it too, so it is neither
                // redrawn nor counted as the member failing; the other chunks stop and the client hears it at once.
                rejection.Cancel();
                throw;
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                if (request.IsCancellationRequested || rejection.IsCancellationRequested) throw;
                return new ChunkOutcome(null, shares, $"{range} still running on {member.Name} when the sampling timeout ({options.SamplingTimeout!.Value.TotalSeconds:0.###} s) elapsed");
            }
            catch (Exception ex)
            {
                lastError = $"{member.Name}: {ex.Message}";
                shares.Add(new SourceShare(member.Name, 0, 0, Failed: 1, LastError: ex.Message));
            }
        }
        return new ChunkOutcome(null, shares, $"{range} failed on every member of the pool (last: {lastError})");
    }

    /// <summary>Draws a chunk on <paramref name="primary"/>; once it has run for <see cref="ShardingOptions.HedgeAfter"/>,
    /// also on the least loaded untried member. The first attempt to succeed is kept, the other is cancelled.</summary>
    private async Task<(ShardMember, DrawnSamples)> DrawHedgedAsync(ShardMember primary, SampleDraw chunk, IReadOnlyList<ShardMember> pool,
        HashSet<ShardMember> tried, List<SourceShare> shares, CancellationToken budget)
    {
        using var cancelPrimary = CancellationTokenSource.CreateLinkedTokenSource(budget);
        var attempts = new List<(ShardMember Member, Task<DrawnSamples> Task, CancellationTokenSource Cancel)> { (primary, DrawAsync(primary, chunk, cancelPrimary.Token), cancelPrimary) };
        using var cancelHedge = CancellationTokenSource.CreateLinkedTokenSource(budget);
        if (options.HedgeAfter is { } after)
        {
            var waited = await Task.WhenAny(attempts[0].Task, Task.Delay(after, time, budget)).ConfigureAwait(false);
            if (waited != attempts[0].Task && !budget.IsCancellationRequested
                && ShardPlan.LeastLoaded(pool.Where(m => !tried.Contains(m)), chunk.Count) is { } hedge)
            {
                tried.Add(hedge);
                shares.Add(new SourceShare(hedge.Name, 0, 0, Hedged: 1));
                attempts.Add((hedge, DrawAsync(hedge, chunk, cancelHedge.Token), cancelHedge));
            }
        }
        Exception? failure = null;
        while (attempts.Count > 0)
        {
            var done = await Task.WhenAny(attempts.Select(a => a.Task)).ConfigureAwait(false);
            var attempt = attempts.Single(a => a.Task == done);
            attempts.Remove(attempt);
            if (done.IsCompletedSuccessfully)
            {
                CancelOthers();
                return (attempt.Member, done.Result);
            }
            if (done.Exception?.InnerException is UpstreamRequestRejectedException rejected)
            {
                CancelOthers();
                ExceptionDispatchInfo.Throw(rejected);
            }
            if (attempt.Member != primary && !done.IsCanceled)
                shares.Add(new SourceShare(attempt.Member.Name, 0, 0, Failed: 1, LastError: done.Exception?.InnerException?.Message));
            failure ??= attempt.Member == primary ? done.Exception?.InnerException ?? new OperationCanceledException(budget) : null;
        }
        budget.ThrowIfCancellationRequested();
        throw failure ?? new InvalidOperationException("Every attempt of the chunk failed.");

        void CancelOthers()
        {
            foreach (var other in attempts)
            {
                other.Cancel.Cancel();
                _ = other.Task.ContinueWith(t => t.Exception, TaskScheduler.Default);
            }
        }
    }

    private static async Task<DrawnSamples> DrawAsync(ShardMember member, SampleDraw chunk, CancellationToken cancellationToken)
    {
        using var _ = member.Take(chunk.Count);
        // Members report nothing while they draw: the pool reports a chunk once it is kept, so a hedged chunk counts once.
        var drawn = await member.Source.DrawAsync(chunk, Quiet, cancellationToken).ConfigureAwait(false);
        var expected = Enumerable.Range(chunk.First, chunk.Count);
        if (!drawn.Samples.Select(s => s.Index).Order().SequenceEqual(expected))
            throw new InvalidOperationException($"{member.Name} returned {drawn.Samples.Count} samples for a chunk of {chunk.Count}.");
        return drawn with { Samples = drawn.Samples.OrderBy(s => s.Index).ToList() };
    }

    private static readonly SamplingProgress Quiet = new(null, 0, 0, 0);
}
