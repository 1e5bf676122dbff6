using System.Globalization;
using Inference.LoadTest.Statistics;
using Spectre.Console;

namespace Inference.LoadTest.Reporting;

/// <summary>Writes a <see cref="LoadReport"/> as console tables.</summary>
public static class ReportTable
{
    public static void Write(IAnsiConsole console, LoadReport report)
    {
        var load = report.Mode == "closed" ? $"closed loop, {report.Concurrency} clients" : $"open loop, {F(report.Rate)} req/s (Poisson)";
        var summary = new Table().Title($"[bold]{Markup.Escape(report.Url)}[/] — {load}").AddColumns("metric", "value");
        summary.AddRow("elapsed (s)", F(report.ElapsedSeconds));
        summary.AddRow("requests (succeeded)", $"{report.Requests} ({report.Succeeded})");
        summary.AddRow("requests/s (succeeded)", F(report.RequestsPerSecond));
        summary.AddRow("output tokens/s", F(report.OutputTokensPerSecond));
        summary.AddRow("429 responses", report.TooManyRequests.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("failed after a 200 (errors inside started streams)", report.FailedAfterStart.ToString(CultureInfo.InvariantCulture));
        if (report.ClientHangUps > 0) summary.AddRow("streams hung up by the client", report.ClientHangUps.ToString(CultureInfo.InvariantCulture));
        if (report.Dropped > 0) summary.AddRow("arrivals dropped (client in-flight cap)", report.Dropped.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("by status", Markup.Escape(string.Join(", ", report.ByStatus.Select(kv => $"{kv.Key}: {kv.Value}"))));
        foreach (var (error, count) in report.Errors) summary.AddRow("error", Markup.Escape($"{count} x {error}"));
        console.Write(summary);

        var latency = new Table().AddColumns("ms", "n", "mean", "p50", "p90", "p99", "max");
        Row(latency, "latency", report.LatencyMs);
        Row(latency, "time to first token (streams)", report.TimeToFirstTokenMs);
        Row(latency, "429 answers", report.RefusalLatencyMs);
        foreach (var t in report.Templates) Row(latency, $"latency: {t.Name} ({t.Succeeded}/{t.Requests} ok)", t.LatencyMs);
        console.Write(latency);
    }

    private static void Row(Table table, string name, LatencySummary s) =>
        table.AddRow(Markup.Escape(name), s.Count.ToString(CultureInfo.InvariantCulture), F(s.Mean), F(s.P50), F(s.P90), F(s.P99), F(s.Max));

    private static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
