using System.Globalization;
using System.Text;

namespace Inference.Server.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4): HELP/TYPE lines and escaped label values.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Labels(string[] names, string[] values)
    {
        if (names.Length != values.Length) throw new ArgumentException($"Expected {names.Length} label values, got {values.Length}.");
        if (names.Length == 0) return "";
        var parts = names.Select((n, i) => $"{n}=\"{Escape(values[i])}\"");
        return "{" + string.Join(",", parts) + "}";
    }

    public static string WithLabel(string labels, string name, string value) =>
        labels.Length == 0 ? $"{{{name}=\"{Escape(value)}\"}}" : labels[..^1] + $",{name}=\"{Escape(value)}\"}}";

    public static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
