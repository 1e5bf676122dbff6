using System.Diagnostics.Metrics;

namespace Inference.Server.Metrics;

/// <summary>A counter with its label names fixed where it is declared, so every call site tags it alike.</summary>
public sealed class LabeledCounter(Counter<long> counter, params string[] labels)
{
    public void Add(long amount, params string[] labelValues) => counter.Add(amount, MetricLabels.Tags(labels, labelValues));

    public void Increment(params string[] labelValues) => Add(1, labelValues);
}
