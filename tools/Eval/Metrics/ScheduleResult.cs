namespace Inference.Eval.Metrics;

/// <summary>The evaluation of one temperature schedule: each column's mean over problems with its bootstrap interval.</summary>
public sealed record ScheduleResult(
    string Schedule,
    int Problems,
    int MaxN,
    int Trials,
    double MeanTokensPerSample,
    double SampleAccuracy,
    IReadOnlyList<MetricColumn> Columns,
    IReadOnlyList<Bootstrap.Interval> Values)
{
    public Bootstrap.Interval? Find(string strategy, int n, int k = 1, string quantity = MetricColumn.Accuracy)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            if (c.Strategy == strategy && c.N == n && c.K == k && c.Quantity == quantity) return Values[i];
        }
        return null;
    }

    /// <summary>The curve strategies in column order (accuracy at K = 1 over N), adaptive rules excluded.</summary>
    public IReadOnlyList<string> Curves => Columns
        .Where(c => c.K == 1 && c.Quantity == MetricColumn.Accuracy && c.Strategy is not (StrategyCurves.AdaptiveBeta or StrategyCurves.AdaptiveEsc))
        .Select(c => c.Strategy).Distinct().ToList();

    public IReadOnlyList<int> Sizes => StrategyCurves.Sizes(MaxN);
}
