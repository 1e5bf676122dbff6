using System.Diagnostics;

namespace Inference.Server.Metrics;

/// <summary>Pairs an instrument's label names with one measurement's values.</summary>
internal static class MetricLabels
{
    public static TagList Tags(string[] names, string[] values)
    {
        if (names.Length != values.Length) throw new ArgumentException($"Expected {names.Length} label values, got {values.Length}.");
        var tags = new TagList();
        for (var i = 0; i < names.Length; i++) tags.Add(names[i], values[i]);
        return tags;
    }
}
