using System.Globalization;
using System.Text;
using System.Xml;

namespace Inference.Eval.Output;

/// <summary>One line of a chart: its points and, per point, an optional interval drawn as a shaded band.</summary>
/// <param name="DashArray">An SVG stroke-dasharray (e.g. "6 4"), or null for a solid line.</param>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points, string? DashArray = null);

/// <summary>A point with an optional interval [Low, High].</summary>
public sealed record ChartPoint(double X, double Y, double? Low = null, double? High = null);

/// <summary>
/// A small SVG line-chart writer: log2 x axis (ticks at the powers of two in range), linear y axis, one polyline per
/// series with markers and a translucent interval band, a legend on the right. Written with <see cref="XmlWriter"/>,
/// so the output is always well-formed XML. Each series is a &lt;g class="series" data-name="..."&gt;.
/// </summary>
public sealed class SvgLineChart
{
    private const double Width = 820, Height = 500, Left = 70, Right = 230, Top = 50, Bottom = 60;

    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public double YMin { get; init; }
    public double YMax { get; init; } = 1;
    public double YStep { get; init; } = 0.1;
    public Func<double, string> YFormat { get; init; } = y => (y * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public string Render()
    {
        var points = Series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0) throw new ArgumentException("A chart needs at least one point.");
        if (points.Any(p => p.X <= 0)) throw new ArgumentException("A log2 axis needs x > 0.");
        if (!(YMax > YMin) || !(YStep > 0)) throw new ArgumentException("The y range must be increasing with a positive step.");
        var xMin = Math.Log2(points.Min(p => p.X));
        var xMax = Math.Log2(points.Max(p => p.X));
        if (xMax - xMin < 1e-9) { xMin -= 0.5; xMax += 0.5; }
        double Px(double x) => Left + (Math.Log2(x) - xMin) / (xMax - xMin) * (Width - Left - Right);
        double Py(double y) => Top + (1 - (Math.Clamp(y, YMin, YMax) - YMin) / (YMax - YMin)) * (Height - Top - Bottom);

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attr(xml, "width", Width); Attr(xml, "height", Height);
            xml.WriteAttributeString("viewBox", $"0 0 {N(Width)} {N(Height)}");
            xml.WriteAttributeString("font-family", "DejaVu Sans, Arial, sans-serif");
            xml.WriteAttributeString("font-size", "12");
            Rect(xml, 0, 0, Width, Height, "white", null);
            Text(xml, Width / 2 - Right / 2 + Left / 2, 28, Title, "middle", 16, "bold");

            // Grid and y ticks.
            for (var y = YMin; y <= YMax + 1e-9; y += YStep)
            {
                Line(xml, Left, Py(y), Width - Right, Py(y), "#e3e3e3", 1);
                Text(xml, Left - 8, Py(y) + 4, YFormat(y), "end");
            }
            for (var e = (int)Math.Ceiling(xMin - 1e-9); e <= (int)Math.Floor(xMax + 1e-9); e++)
            {
                var x = Math.Pow(2, e);
                Line(xml, Px(x), Top, Px(x), Height - Bottom, "#e3e3e3", 1);
                Text(xml, Px(x), Height - Bottom + 18, x.ToString("0", CultureInfo.InvariantCulture), "middle");
            }
            Line(xml, Left, Height - Bottom, Width - Right, Height - Bottom, "#333", 1.2);
            Line(xml, Left, Top, Left, Height - Bottom, "#333", 1.2);
            Text(xml, (Left + Width - Right) / 2, Height - 15, XLabel, "middle", 13);
            xml.WriteStartElement("text");
            xml.WriteAttributeString("transform", $"translate(18 {N((Top + Height - Bottom) / 2)}) rotate(-90)");
            xml.WriteAttributeString("text-anchor", "middle");
            xml.WriteAttributeString("font-size", "13");
            xml.WriteString(YLabel);
            xml.WriteEndElement();

            for (var i = 0; i < Series.Count; i++)
            {
                var s = Series[i];
                var ordered = s.Points.OrderBy(p => p.X).ToList();
                xml.WriteStartElement("g");
                xml.WriteAttributeString("class", "series");
                xml.WriteAttributeString("data-name", s.Name);
                var band = ordered.Where(p => p.Low is not null && p.High is not null).ToList();
                if (band.Count > 1)
                {
                    var outline = band.Select(p => $"{N(Px(p.X))},{N(Py(p.High!.Value))}")
                        .Concat(band.AsEnumerable().Reverse().Select(p => $"{N(Px(p.X))},{N(Py(p.Low!.Value))}"));
                    xml.WriteStartElement("polygon");
                    xml.WriteAttributeString("points", string.Join(' ', outline));
                    xml.WriteAttributeString("fill", s.Color);
                    xml.WriteAttributeString("fill-opacity", "0.07");
                    xml.WriteAttributeString("stroke", "none");
                    xml.WriteEndElement();
                }
                xml.WriteStartElement("polyline");
                xml.WriteAttributeString("points", string.Join(' ', ordered.Select(p => $"{N(Px(p.X))},{N(Py(p.Y))}")));
                xml.WriteAttributeString("fill", "none");
                xml.WriteAttributeString("stroke", s.Color);
                xml.WriteAttributeString("stroke-width", "2");
                if (s.DashArray is not null) xml.WriteAttributeString("stroke-dasharray", s.DashArray);
                xml.WriteEndElement();
                foreach (var p in ordered)
                {
                    xml.WriteStartElement("circle");
                    Attr(xml, "cx", Px(p.X)); Attr(xml, "cy", Py(p.Y)); Attr(xml, "r", 3);
                    xml.WriteAttributeString("fill", s.Color);
                    xml.WriteStartElement("title");
                    xml.WriteString($"{s.Name} at N={p.X.ToString(CultureInfo.InvariantCulture)}: {YFormat(p.Y)}");
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();

                var ly = Top + 10 + i * 22;
                var lx = Width - Right + 20;
                xml.WriteStartElement("line");
                Attr(xml, "x1", lx); Attr(xml, "y1", ly); Attr(xml, "x2", lx + 28); Attr(xml, "y2", ly);
                xml.WriteAttributeString("stroke", s.Color);
                xml.WriteAttributeString("stroke-width", "2.5");
                if (s.DashArray is not null) xml.WriteAttributeString("stroke-dasharray", s.DashArray);
                xml.WriteEndElement();
                Text(xml, lx + 36, ly + 4, s.Name, "start");
            }
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Attr(XmlWriter xml, string name, double value) => xml.WriteAttributeString(name, N(value));

    private static void Rect(XmlWriter xml, double x, double y, double w, double h, string fill, string? stroke)
    {
        xml.WriteStartElement("rect");
        Attr(xml, "x", x); Attr(xml, "y", y); Attr(xml, "width", w); Attr(xml, "height", h);
        xml.WriteAttributeString("fill", fill);
        if (stroke is not null) xml.WriteAttributeString("stroke", stroke);
        xml.WriteEndElement();
    }

    private static void Line(XmlWriter xml, double x1, double y1, double x2, double y2, string stroke, double width)
    {
        xml.WriteStartElement("line");
        Attr(xml, "x1", x1); Attr(xml, "y1", y1); Attr(xml, "x2", x2); Attr(xml, "y2", y2);
        xml.WriteAttributeString("stroke", stroke);
        Attr(xml, "stroke-width", width);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, double x, double y, string content, string anchor, double size = 12, string? weight = null)
    {
        xml.WriteStartElement("text");
        Attr(xml, "x", x); Attr(xml, "y", y);
        xml.WriteAttributeString("text-anchor", anchor);
        if (size != 12) Attr(xml, "font-size", size);
        if (weight is not null) xml.WriteAttributeString("font-weight", weight);
        xml.WriteString(content);
        xml.WriteEndElement();
    }
}
