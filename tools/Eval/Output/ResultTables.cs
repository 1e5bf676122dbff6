using System.Globalization;
using System.Text;
using Inference.Eval.Metrics;

namespace Inference.Eval.Output;

/// <summary>The results as a markdown document (one section per schedule) and as one long CSV.</summary>
public static class ResultTables
{
    public static string Markdown(IReadOnlyList<ScheduleResult> results)
    {
        var md = new StringBuilder();
        foreach (var r in results)
        {
            md.AppendLine($"### {r.Schedule}");
            md.AppendLine();
            md.AppendLine($"{r.Problems} problems, N_max = {r.MaxN}, strategy@N averaged over {r.Trials} random N-subsets per problem; " +
                          $"single-sample accuracy {P(r.SampleAccuracy)}, {r.MeanTokensPerSample:0.0} tokens per sample. Cells: mean [95% bootstrap CI] in %.");
            md.AppendLine();
            md.AppendLine("| strategy | " + string.Join(" | ", r.Sizes.Select(n => $"N={n}")) + " |");
            md.AppendLine("|---|" + string.Concat(r.Sizes.Select(_ => "---|")));
            foreach (var curve in r.Curves)
                md.AppendLine($"| {AccuracyPlot.Label(curve)} | " + string.Join(" | ", r.Sizes.Select(n => Cell(r.Find(curve, n)))) + " |");
            md.AppendLine();
            var ks = StrategyCurves.PassAtKs.Where(k => k <= r.MaxN).ToList();
            md.AppendLine($"Pass@k at N = {r.MaxN} (k distinct answers returned; coverage row: pass@k of k random samples):");
            md.AppendLine();
            md.AppendLine("| strategy | " + string.Join(" | ", ks.Select(k => $"k={k}")) + " |");
            md.AppendLine("|---|" + string.Concat(ks.Select(_ => "---|")));
            foreach (var curve in r.Curves)
                md.AppendLine($"| {AccuracyPlot.Label(curve)} | " + string.Join(" | ", ks.Select(k => Cell(k == 1 ? r.Find(curve, curve == StrategyCurves.Coverage ? 1 : r.MaxN) : r.Find(curve, r.MaxN, k)))) + " |");
            md.AppendLine();
            md.AppendLine("Adaptive stopping (majority vote over the samples used; waves of 5, budget " +
                          $"{r.Columns.First(c => c.Strategy == StrategyCurves.AdaptiveBeta).N}):");
            md.AppendLine();
            md.AppendLine("| rule | accuracy | mean samples used |");
            md.AppendLine("|---|---|---|");
            foreach (var rule in new[] { StrategyCurves.AdaptiveBeta, StrategyCurves.AdaptiveEsc })
            {
                var budget = r.Columns.First(c => c.Strategy == rule).N;
                var samples = r.Find(rule, budget, quantity: MetricColumn.SamplesUsed)!;
                md.AppendLine($"| {(rule == StrategyCurves.AdaptiveBeta ? "Beta (P >= 0.95)" : "ESC (window 5)")} | {Cell(r.Find(rule, budget))} | " +
                              $"{samples.Mean:0.0} [{samples.Low:0.0}, {samples.High:0.0}] |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    public static string Csv(IReadOnlyList<ScheduleResult> results)
    {
        var csv = new StringBuilder("schedule,strategy,n,k,quantity,mean,ci_low,ci_high,problems,trials\n");
        foreach (var r in results)
            for (var i = 0; i < r.Columns.Count; i++)
            {
                var c = r.Columns[i];
                var v = r.Values[i];
                csv.AppendLine(string.Join(',', Quote(r.Schedule), c.Strategy, c.N, c.K, c.Quantity, F(v.Mean), F(v.Low), F(v.High), r.Problems, r.Trials));
            }
        return csv.ToString();
    }

    private static string Cell(Bootstrap.Interval? v) => v is null ? "-" : $"{v.Mean * 100:0.0} [{v.Low * 100:0.0}, {v.High * 100:0.0}]";

    private static string P(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
