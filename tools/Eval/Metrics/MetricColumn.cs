namespace Inference.Eval.Metrics;

/// <summary>
/// One number computed per problem and averaged over problems: a strategy's accuracy at N samples (Pass@K when
/// K &gt; 1), coverage, or an adaptive-stopping figure. <see cref="Strategy"/> names the curve.
/// </summary>
public sealed record MetricColumn(string Strategy, int N, int K = 1, string Quantity = MetricColumn.Accuracy)
{
    public const string Accuracy = "accuracy";
    public const string SamplesUsed = "samples_used";

    public override string ToString() => K == 1 && Quantity == Accuracy ? $"{Strategy}@{N}" : $"{Strategy}@{N}/pass@{K}/{Quantity}";
}
