using System.Collections.Concurrent;

namespace Inference.Fuzz.Running;

/// <summary>Counts over a run, safe to add to from many requests at once: statuses per route, 5xx, hangs, failures
/// (the first <see cref="KeptFailures"/> kept with their case for reproduction), the slowest answer.</summary>
public sealed class FuzzSummary
{
    public const int KeptFailures = 50;

    private readonly ConcurrentDictionary<(string Route, int Status), int> byRouteStatus = new();
    private readonly ConcurrentQueue<FuzzOutcome> failures = new();
    private long sent;
    private long failed;
    private long serverErrors;
    private long hangs;
    private long slowestTicks;

    public long Sent => Interlocked.Read(ref sent);

    public long Failed => Interlocked.Read(ref failed);

    public long ServerErrors => Interlocked.Read(ref serverErrors);

    public long Hangs => Interlocked.Read(ref hangs);

    public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref slowestTicks));

    public IReadOnlyList<FuzzOutcome> Failures => failures.ToArray();

    public IReadOnlyDictionary<int, int> ByStatus =>
        byRouteStatus.GroupBy(kv => kv.Key.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    public IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> ByRoute =>
        byRouteStatus.GroupBy(kv => kv.Key.Route).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, int>)g.OrderBy(kv => kv.Key.Status).ToDictionary(kv => kv.Key.Status, kv => kv.Value));

    public void Add(FuzzOutcome outcome)
    {
        Interlocked.Increment(ref sent);
        byRouteStatus.AddOrUpdate((Route(outcome.Case.Route), outcome.Status), 1, (_, n) => n + 1);
        if (outcome.Status >= 500) Interlocked.Increment(ref serverErrors);
        if (outcome.Hung) Interlocked.Increment(ref hangs);
        var ticks = TimeSpan.FromMilliseconds(outcome.Milliseconds).Ticks;
        long seen;
        while (ticks > (seen = Interlocked.Read(ref slowestTicks)) && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen)
        {
        }
        if (!outcome.Failed) return;
        if (Interlocked.Increment(ref failed) <= KeptFailures) failures.Enqueue(outcome);
    }

    /// <summary>The generator's own routes by name; anything else (the wrong-route mutations) as "other".</summary>
    private static string Route(string path) => path is "/v1/chat/completions" or "/v1/completions" or "/tokenize" or "/detokenize" or "/apply-template" ? path : "other";
}
