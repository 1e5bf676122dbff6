using System.Xml.Linq;
using Inference.Eval.Metrics;
using Inference.Eval.Output;

namespace Inference.Tools.Tests.Eval;

public class SvgLineChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Writes_well_formed_svg_with_one_group_per_series_and_a_point_per_value()
    {
        var chart = new SvgLineChart
        {
            Title = "Accuracy <&> \"N\"",
            XLabel = "N",
            YLabel = "accuracy",
            Series =
            [
                new ChartSeries("majority", "#1f77b4", [new(1, 0.2, 0.1, 0.3), new(2, 0.4, 0.3, 0.5), new(4, 0.5, 0.4, 0.6), new(8, 0.55)]),
                new ChartSeries("best-of-N", "#d62728", [new(1, 0.2), new(2, 0.3), new(4, 0.25), new(8, 0.2)], DashArray: "6 4"),
            ],
        };
        var doc = XDocument.Parse(chart.Render());
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var groups = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.Equal(["majority", "best-of-N"], groups.Select(g => (string)g.Attribute("data-name")!));
        Assert.All(groups, g => Assert.Equal(4, g.Elements(Svg + "circle").Count()));
        Assert.Equal(4, groups[0].Element(Svg + "polyline")!.Attribute("points")!.Value.Split(' ').Length);
        Assert.NotNull(groups[0].Element(Svg + "polygon"));
        Assert.Null(groups[1].Element(Svg + "polygon"));
        Assert.Equal("6 4", (string?)groups[1].Element(Svg + "polyline")!.Attribute("stroke-dasharray"));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Accuracy <&> \"N\"", texts);
        foreach (var tick in new[] { "1", "2", "4", "8", "0%", "50%", "100%" }) Assert.Contains(tick, texts);
    }

    [Fact]
    public void Higher_values_are_drawn_higher_and_x_is_log2()
    {
        var chart = new SvgLineChart
        {
            Title = "t", XLabel = "x", YLabel = "y",
            Series = [new ChartSeries("s", "#000", [new(1, 0.0), new(2, 0.5), new(4, 1.0)])],
        };
        var points = XDocument.Parse(chart.Render()).Descendants(Svg + "polyline").Single().Attribute("points")!.Value
            .Split(' ').Select(p => p.Split(',').Select(double.Parse).ToArray()).ToArray();
        Assert.True(points[0][1] > points[1][1] && points[1][1] > points[2][1]);
        Assert.Equal(points[1][0] - points[0][0], points[2][0] - points[1][0], 6);
    }

    [Fact]
    public void Refuses_non_positive_x_on_a_log_axis() =>
        Assert.Throws<ArgumentException>(() => new SvgLineChart
        {
            Title = "t", XLabel = "x", YLabel = "y", Series = [new ChartSeries("s", "#000", [new(0, 0.5)])],
        }.Render());

    [Fact]
    public void The_accuracy_plot_has_a_series_per_curve()
    {
        var pool = new[] { SyntheticPools.Problem("a", SyntheticPools.Repeat("5", 0.5, 4)) };
        var result = PoolEvaluation.Evaluate(pool, new PoolEvaluation.Settings(4, 1, 10, 4));
        var doc = XDocument.Parse(AccuracyPlot.Create(result).Render());
        var names = doc.Descendants(Svg + "g").Select(g => (string?)g.Attribute("data-name")).OfType<string>().ToList();
        Assert.Equal(result.Curves.Select(AccuracyPlot.Label), names);
        Assert.Equal(6, names.Count);
    }
}
