namespace Inference.Bench.Engine;

/// <summary>A ratio measured once per repeat (both sides run back to back in the same repeat), summarised as median and range.</summary>
internal sealed class RatioSeries(string name, string meaning)
{
    private readonly List<double> values = new();

    public void Add(double value) => values.Add(value);

    public double Median
    {
        get
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public override string ToString() =>
        $"{name}: median {Median:F3} (min {values.Min():F3}, max {values.Max():F3}, {values.Count} runs) — {meaning}";
}
