using Inference.LoadTest.Reporting;
using Inference.LoadTest.Running;

namespace Inference.Tools.Tests.LoadTest;

public class LoadReportTests
{
    [Fact]
    public void Failures_after_a_200_hang_ups_and_429_latency_are_reported_apart_from_successes()
    {
        RequestOutcome[] outcomes =
        [
            new("s", 200, null, 0, 100, 10, 5, null),
            new("s", 200, "stream error: queue_full", 0, 900, 10, null, null),
            new("s", 200, "stream ended without [DONE]", 0, 800, 10, null, null),
            new("s", 200, null, 0, 50, null, null, null, HungUp: true),
            new("s", 429, "429 queue_full", 0, 3, null, null, 1),
            new("s", 429, "429 queue_full", 0, 1500, null, null, 1),
        ];
        var plan = new LoadPlan(LoadMode.Closed, 2, 1, TimeSpan.FromSeconds(1), null, 8, TimeSpan.Zero, 1);
        var report = LoadReport.From("http://127.0.0.1/", plan, new LoadRunResult(outcomes, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0));
        Assert.Equal(1, report.Succeeded);
        Assert.Equal(2, report.FailedAfterStart);
        Assert.Equal(1, report.ClientHangUps);
        Assert.Equal(2, report.RefusalLatencyMs.Count);
        Assert.Equal(1500, report.RefusalLatencyMs.Max);
        Assert.Equal(1, report.LatencyMs.Count);
    }
}
