using Inference.Eval.Metrics;

namespace Inference.Eval.Output;

/// <summary>One strategy's accuracy vs N under every schedule, to see what the schedule does to it (e.g. EAD vs fixed T).</summary>
public static class ScheduleComparisonPlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    public static SvgLineChart Create(IReadOnlyList<ScheduleResult> results, string curve) => new()
    {
        Title = $"{AccuracyPlot.Label(curve)} vs N by temperature schedule",
        XLabel = $"N samples (log2); {results.Max(r => r.Problems)} problems, 95% bootstrap bands",
        YLabel = "accuracy",
        Series = results.Select((r, i) => new ChartSeries(r.Schedule, Palette[i % Palette.Length],
            r.Sizes.Select(n => r.Find(curve, n) is { } v ? new ChartPoint(n, v.Mean, v.Low, v.High) : null).OfType<ChartPoint>().ToList())).ToList(),
    };
}
