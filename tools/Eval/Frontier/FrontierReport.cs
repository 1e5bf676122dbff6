using System.Globalization;
using System.Text;
using Inference.Eval.Metrics;
using Inference.Eval.Output;

namespace Inference.Eval.Frontier;

/// <summary>
/// The frontier's numbers: each point's accuracy (95% bootstrap interval over problems), generated tokens and samples
/// per problem; the comparisons the targets ask for, with paired bootstrap intervals of the differences; and one
/// accuracy-vs-tokens chart per selection (log2 tokens on x).
/// </summary>
public sealed class FrontierReport
{
    private readonly FrontierReplay replay;
    private readonly double[][] perProblem;
    private readonly Bootstrap.Interval[] intervals;
    private readonly int resamples;
    private readonly int seed;

    public FrontierReport(FrontierReplay replay, double[][] perProblem, int resamples, int seed)
    {
        this.replay = replay;
        this.perProblem = perProblem;
        this.resamples = resamples;
        this.seed = seed;
        intervals = Bootstrap.MeanIntervals(perProblem, resamples, seed);
    }

    public int Problems => perProblem.Length;

    private int IndexOf(string curve, int n)
    {
        for (var i = 0; i < replay.Points.Count; i++)
            if (replay.Points[i].Curve.Name == curve && replay.Points[i].N == n) return i;
        return -1;
    }

    private Bootstrap.Interval Accuracy(int point) => intervals[point * 3];

    private double Tokens(int point) => intervals[point * 3 + 1].Mean;

    private double Samples(int point) => intervals[point * 3 + 2].Mean;

    /// <summary>Mean and 95% interval of accuracy(a) - accuracy(b), paired over problems.</summary>
    private Bootstrap.Interval Difference(int a, int b) =>
        Bootstrap.MeanIntervals(perProblem.Select(row => new[] { row[a * 3] - row[b * 3] }).ToArray(), resamples, seed)[0];

    public string Markdown(string schedule)
    {
        var md = new StringBuilder();
        md.AppendLine($"### {schedule}: accuracy against generated tokens ({Problems} problems)").AppendLine();
        md.AppendLine("| curve | N | accuracy % [95% CI] | tokens / problem | samples / problem |");
        md.AppendLine("|---|---|---|---|---|");
        for (var i = 0; i < replay.Points.Count; i++)
        {
            var a = Accuracy(i);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {replay.Points[i].Curve.Name} | {replay.Points[i].N} | {a.Mean * 100:0.0} [{a.Low * 100:0.0}, {a.High * 100:0.0}] | {Tokens(i):0} | {Samples(i):0.0} |");
        }
        md.AppendLine().AppendLine("Against the targets:").AppendLine();
        foreach (var selection in new[] { StrategyCurves.BestOfN, StrategyCurves.WeightedMajority })
        {
            var baseline = IndexOf(selection, 64);
            if (baseline < 0) continue;
            var target = Accuracy(baseline).Mean;
            foreach (var curve in replay.Points.Select(p => p.Curve).OfType<RejectionCurve>().Where(c => c.Selection == selection).Distinct())
            {
                var reaching = curve.Sizes.Select(n => IndexOf(curve.Name, n)).Where(i => Accuracy(i).Mean >= target).OrderBy(Tokens).ToList();
                if (reaching.Count == 0)
                {
                    var best = curve.Sizes.Select(n => IndexOf(curve.Name, n)).MaxBy(i => Accuracy(i).Mean);
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"- {curve.Name}: never reaches {selection}@64 ({target * 100:0.0}%); best {Accuracy(best).Mean * 100:0.0}% at N = {replay.Points[best].N} " +
                        $"with {Tokens(best) / Tokens(baseline):P0} of its tokens.");
                    continue;
                }
                var cheapest = reaching[0];
                var d = Difference(cheapest, baseline);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"- {curve.Name}: reaches {selection}@64 ({target * 100:0.0}%, {Tokens(baseline):0} tokens) at N = {replay.Points[cheapest].N}: " +
                    $"{Accuracy(cheapest).Mean * 100:0.0}% with {Tokens(cheapest):0} tokens = **{Tokens(cheapest) / Tokens(baseline):P0}** of the tokens " +
                    $"(difference {Math.Round(d.Mean * 100, 1):+0.0;-0.0;0.0} points [{d.Low * 100:0.0}, {d.High * 100:0.0}]).");
            }
        }
        foreach (var curve in replay.Points.Select(p => p.Curve).OfType<BudgetCurve>().Distinct())
        {
            var at16 = IndexOf(curve.Name, 16);
            var majority16 = IndexOf(StrategyCurves.Majority, 16);
            var majority64 = IndexOf(StrategyCurves.Majority, 64);
            if (at16 >= 0 && majority16 >= 0)
            {
                var d = Difference(at16, majority16);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"- {curve.Name} at 16 samples per prompt on average ({Samples(at16):0.0} used): {Accuracy(at16).Mean * 100:0.0}% vs uniform majority@16 " +
                    $"{Accuracy(majority16).Mean * 100:0.0}%: **{Math.Round(d.Mean * 100, 1):+0.0;-0.0;0.0} points** [{d.Low * 100:0.0}, {d.High * 100:0.0}].");
            }
            if (majority64 >= 0)
            {
                var target = Accuracy(majority64).Mean;
                var reaching = curve.Sizes.Select(n => IndexOf(curve.Name, n)).Where(i => Accuracy(i).Mean >= target).OrderBy(Samples).ToList();
                md.AppendLine(reaching.Count == 0
                    ? FormattableString.Invariant($"- {curve.Name} never reaches majority@64 ({target * 100:0.0}%) up to {curve.Sizes[^1]} samples per prompt on average.")
                    : FormattableString.Invariant($"- {curve.Name} reaches majority@64 ({target * 100:0.0}%) with {Samples(reaching[0]):0.0} samples per prompt on average: **{Samples(reaching[0]) / 64:P0}** of its samples ({Accuracy(reaching[0]).Mean * 100:0.0}%)."));
            }
        }
        return md.ToString();
    }

    public string Csv(string schedule)
    {
        var csv = new StringBuilder("schedule,curve,n,accuracy,accuracy_low,accuracy_high,tokens_per_problem,samples_per_problem\n");
        for (var i = 0; i < replay.Points.Count; i++)
        {
            var a = Accuracy(i);
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{schedule},\"{replay.Points[i].Curve.Name}\",{replay.Points[i].N},{a.Mean:0.0000},{a.Low:0.0000},{a.High:0.0000},{Tokens(i):0.0},{Samples(i):0.00}");
        }
        return csv.ToString();
    }

    /// <summary>Accuracy against tokens for the curves of one selection (the budget chart: majority and the budget curve).</summary>
    public SvgLineChart Chart(string schedule, string title, Func<FrontierCurve, bool> include)
    {
        var palette = new[] { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2" };
        var curves = replay.Points.Select(p => p.Curve).Distinct().Where(include).ToList();
        var series = curves.Select((curve, k) => new ChartSeries(curve.Name, palette[k % palette.Length],
            curve.Sizes.Select(n => IndexOf(curve.Name, n)).Select(i => new ChartPoint(Tokens(i), Accuracy(i).Mean, Accuracy(i).Low, Accuracy(i).High)).ToList(),
            curve is UniformCurve ? null : "6 3")).ToList();
        return new SvgLineChart
        {
            Title = $"{title} — {schedule}",
            XLabel = $"generated tokens per problem (log2); {Problems} problems, 95% bootstrap bands",
            YLabel = "accuracy",
            YMin = 0.4,
            YMax = 0.8,
            YStep = 0.05,
            Series = series,
        };
    }
}
