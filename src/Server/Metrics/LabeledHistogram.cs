using System.Diagnostics.Metrics;

namespace Inference.Server.Metrics;

/// <summary>A histogram with its label names fixed where it is declared, so every call site tags it alike.</summary>
public sealed class LabeledHistogram(Histogram<double> histogram, params string[] labels)
{
    public void Observe(double value, params string[] labelValues) => histogram.Record(value, MetricLabels.Tags(labels, labelValues));
}
