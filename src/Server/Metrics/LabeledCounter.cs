using System.Collections.Concurrent;
using System.Text;

namespace Inference.Server.Metrics;

/// <summary>A monotonically increasing count per label-value combination.</summary>
public sealed class LabeledCounter(string name, string help, params string[] labels)
{
    private readonly ConcurrentDictionary<string, long[]> values = new(StringComparer.Ordinal);

    public void Add(long amount, params string[] labelValues)
    {
        var cell = values.GetOrAdd(PrometheusText.Labels(labels, labelValues), _ => new long[1]);
        Interlocked.Add(ref cell[0], amount);
    }

    public void Increment(params string[] labelValues) => Add(1, labelValues);

    public long Get(params string[] labelValues) =>
        values.TryGetValue(PrometheusText.Labels(labels, labelValues), out var cell) ? Interlocked.Read(ref cell[0]) : 0;

    public void WriteTo(StringBuilder text)
    {
        PrometheusText.Header(text, name, help, "counter");
        foreach (var (key, cell) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            PrometheusText.Sample(text, name, key, Interlocked.Read(ref cell[0]));
    }
}
