using System.Globalization;
using System.Text;

namespace Inference.Server.Tests;

/// <summary>
/// A scrape in the Prometheus text exposition format (0.0.4) read the way Prometheus reads it: metric families from
/// their # TYPE and # HELP lines, and every sample with its name, labels (escapes undone) and value.
/// </summary>
public sealed class PrometheusExposition
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string? Help, IReadOnlyList<Sample> Samples);

    public required IReadOnlyDictionary<string, Family> Families { get; init; }

    public IEnumerable<Sample> Samples => Families.Values.SelectMany(f => f.Samples);

    /// <summary>The value of the one sample with this name and exactly these labels (0 when there is none yet).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        Samples.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))?.Value ?? 0;

    public static PrometheusExposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.True(types.TryAdd(parts[0], parts[1]), $"{parts[0]} has two TYPE lines");
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ');
                helps[space < 0 ? rest : rest[..space]] = space < 0 ? "" : rest[(space + 1)..];
            }
            else if (!line.StartsWith('#'))
            {
                samples.Add(ParseSample(line));
            }
        }

        var families = types.ToDictionary(t => t.Key, t => new Family(t.Key, t.Value, helps.GetValueOrDefault(t.Key),
            samples.Where(s => FamilyOf(s.Name, t.Value) == t.Key).ToList()), StringComparer.Ordinal);
        var orphans = samples.Where(s => !families.Values.Any(f => f.Samples.Contains(s))).Select(s => s.Name).ToList();
        Assert.True(orphans.Count == 0, $"samples without a # TYPE line: {string.Join(", ", orphans)}");
        return new PrometheusExposition { Families = families };
    }

    /// <summary>A histogram's samples are its name plus _bucket, _sum and _count.</summary>
    private static string FamilyOf(string sample, string type)
    {
        if (type != "histogram") return sample;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            if (sample.EndsWith(suffix, StringComparison.Ordinal)) return sample[..^suffix.Length];
        return sample;
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int at;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            at = brace + 1;
            while (line[at] != '}')
            {
                var equals = line.IndexOf('=', at);
                var label = line[at..equals];
                Assert.Equal('"', line[equals + 1]);
                var value = new StringBuilder();
                at = equals + 2;
                for (; line[at] != '"'; at++)
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        value.Append(line[at] == 'n' ? '\n' : line[at]);
                    }
                    else
                    {
                        value.Append(line[at]);
                    }
                }
                Assert.True(labels.TryAdd(label, value.ToString()), $"label {label} twice in: {line}");
                at++;
                if (line[at] == ',') at++;
            }
            at++;
        }
        else
        {
            name = line[..space];
            at = space;
        }

        var fields = line[at..].Trim().Split(' ');
        var number = fields[0] switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, var n => double.Parse(n, CultureInfo.InvariantCulture) };
        return new Sample(name, labels, number);
    }
}
