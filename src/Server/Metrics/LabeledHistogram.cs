using System.Collections.Concurrent;
using System.Text;

namespace Inference.Server.Metrics;

/// <summary>A cumulative-bucket histogram per label-value combination (Prometheus semantics: _bucket, _sum, _count).</summary>
public sealed class LabeledHistogram(string name, string help, double[] bounds, params string[] labels)
{
    private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);

    public void Observe(double value, params string[] labelValues)
    {
        var s = series.GetOrAdd(PrometheusText.Labels(labels, labelValues), _ => new Series(bounds.Length));
        lock (s)
        {
            for (var i = 0; i < bounds.Length; i++)
                if (value <= bounds[i]) s.Buckets[i]++;
            s.Count++;
            s.Sum += value;
        }
    }

    public long Count(params string[] labelValues)
    {
        if (!series.TryGetValue(PrometheusText.Labels(labels, labelValues), out var s)) return 0;
        lock (s) return s.Count;
    }

    public void WriteTo(StringBuilder text)
    {
        PrometheusText.Header(text, name, help, "histogram");
        foreach (var (key, s) in series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            lock (s)
            {
                for (var i = 0; i < bounds.Length; i++)
                    PrometheusText.Sample(text, name + "_bucket", PrometheusText.WithLabel(key, "le", PrometheusText.Number(bounds[i])), s.Buckets[i]);
                PrometheusText.Sample(text, name + "_bucket", PrometheusText.WithLabel(key, "le", "+Inf"), s.Count);
                PrometheusText.Sample(text, name + "_sum", key, s.Sum);
                PrometheusText.Sample(text, name + "_count", key, s.Count);
            }
        }
    }

    private sealed class Series(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];
        public long Count { get; set; }
        public double Sum { get; set; }
    }
}
