using Inference.LoadTest.Running;
using Inference.LoadTest.Statistics;

namespace Inference.LoadTest.Reporting;

/// <summary>
/// The numbers of a run. Rates divide by the wall time from the first request to the last response
/// (<see cref="ElapsedSeconds"/>); latency and TTFT percentiles are over successful requests only.
/// <see cref="FailedAfterStart"/> counts answers that began with 200 and then failed (an error inside a started stream);
/// <see cref="RefusalLatencyMs"/> is how long a 429 took: a late one means work was done and then refused.
/// </summary>
public sealed record LoadReport(
    string Url,
    string Mode,
    int? Concurrency,
    double? Rate,
    double ElapsedSeconds,
    int Requests,
    int Succeeded,
    int Dropped,
    double RequestsPerSecond,
    double OutputTokensPerSecond,
    long OutputTokens,
    int SucceededWithoutUsage,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> Errors,
    LatencySummary LatencyMs,
    LatencySummary TimeToFirstTokenMs,
    IReadOnlyList<TemplateReport> Templates,
    int FailedAfterStart,
    int ClientHangUps,
    LatencySummary RefusalLatencyMs)
{
    public int TooManyRequests => ByStatus.GetValueOrDefault("429");

    public static LoadReport From(string url, LoadPlan plan, LoadRunResult run)
    {
        var outcomes = run.Outcomes;
        var ok = outcomes.Where(o => o.Succeeded).ToList();
        var seconds = Math.Max(run.Elapsed.TotalSeconds, 1e-9);
        long tokens = ok.Sum(o => (long)(o.OutputTokens ?? 0));
        var byStatus = outcomes.GroupBy(o => o.Status == 0 ? "no_response" : o.Status.ToString())
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var errors = outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var templates = outcomes.GroupBy(o => o.Template).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TemplateReport(g.Key, g.Count(), g.Count(o => o.Succeeded),
                LatencySummary.From(g.Where(o => o.Succeeded).Select(o => o.LatencyMs)))).ToList();
        return new LoadReport(url, plan.Mode.ToString().ToLowerInvariant(), plan.Mode == LoadMode.Closed ? plan.Concurrency : null,
            plan.Mode == LoadMode.Open ? plan.Rate : null, seconds, outcomes.Count, ok.Count, run.Dropped, ok.Count / seconds,
            tokens / seconds, tokens, ok.Count(o => o.OutputTokens is null), byStatus, errors,
            LatencySummary.From(ok.Select(o => o.LatencyMs)),
            LatencySummary.From(ok.Where(o => o.TimeToFirstTokenMs is not null).Select(o => o.TimeToFirstTokenMs!.Value)),
            templates, outcomes.Count(o => o.FailedAfterStart), outcomes.Count(o => o.HungUp),
            LatencySummary.From(outcomes.Where(o => o.Status == 429).Select(o => o.LatencyMs)));
    }
}

/// <summary>Per request template: how many were sent and succeeded, and their latency.</summary>
public sealed record TemplateReport(string Name, int Requests, int Succeeded, LatencySummary LatencyMs);
