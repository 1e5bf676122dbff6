namespace Inference.Selection;

/// <summary>A named ranking key; higher values rank first, NaN ranks last.</summary>
internal sealed record RankKey<T>(string Name, Func<T, double> Value)
{
    public double Of(T item)
    {
        var v = Value(item);
        return double.IsNaN(v) ? double.NegativeInfinity : v;
    }
}
