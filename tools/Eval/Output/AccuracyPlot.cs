using Inference.Eval.Metrics;

namespace Inference.Eval.Output;

/// <summary>The accuracy-vs-N chart of one schedule: one line per strategy, bootstrap bands. Coverage is dashed; BoM at
/// alpha = 0.005 is dotted because for N &lt;= 200 it coincides with best-of-N, which stays visible beneath it.</summary>
public static class AccuracyPlot
{
    private static readonly Dictionary<string, string> Colors = new()
    {
        [StrategyCurves.Coverage] = "#7f7f7f",
        [StrategyCurves.Majority] = "#1f77b4",
        [StrategyCurves.BestOfN] = "#d62728",
        [StrategyCurves.WeightedMajority] = "#2ca02c",
        [StrategyCurves.BestOfMajority(StrategyCurves.Alphas[0])] = "#ff7f0e",
        [StrategyCurves.BestOfMajority(StrategyCurves.Alphas[1])] = "#9467bd",
    };

    public static SvgLineChart Create(ScheduleResult result, string? subtitle = null)
    {
        var series = result.Curves.Select(curve => new ChartSeries(
            Label(curve),
            Colors.GetValueOrDefault(curve, "#8c564b"),
            result.Sizes.Select(n => result.Find(curve, n) is { } v ? new ChartPoint(n, v.Mean, v.Low, v.High) : null)
                .OfType<ChartPoint>().ToList(),
            DashArray: curve == StrategyCurves.Coverage ? "6 4" : curve == StrategyCurves.BestOfMajority(StrategyCurves.Alphas[0]) ? "2 4" : null)).ToList();
        return new SvgLineChart
        {
            Title = $"Accuracy vs N — {result.Schedule}{(subtitle is null ? "" : " — " + subtitle)}",
            XLabel = $"N samples (log2); {result.Problems} problems, 95% bootstrap bands",
            YLabel = "accuracy (coverage = pass@N)",
            Series = series,
        };
    }

    public static string Label(string curve) => curve switch
    {
        StrategyCurves.Coverage => "coverage (pass@N)",
        StrategyCurves.Majority => "majority",
        StrategyCurves.BestOfN => "best-of-N (reward)",
        StrategyCurves.WeightedMajority => "weighted majority",
        _ when curve.StartsWith("bom_a", StringComparison.Ordinal) => $"BoM α={curve[5..]}",
        _ => curve,
    };
}
