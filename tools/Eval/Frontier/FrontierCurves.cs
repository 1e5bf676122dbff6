using Inference.Eval.Metrics;
using Inference.Pipeline;
using Inference.Selection;

namespace Inference.Eval.Frontier;

/// <summary>A way of spending samples, measured at several sizes: uniform N samples, early rejection from N started
/// samples, or one budget of N samples per prompt on average spread over a batch of prompts.</summary>
public abstract record FrontierCurve(string Name, string Selection, IReadOnlyList<int> Sizes);

/// <summary>N samples for every prompt, all run to the end (the baselines).</summary>
public sealed record UniformCurve(string Name, string Selection, IReadOnlyList<int> Sizes) : FrontierCurve(Name, Selection, Sizes);

/// <summary>N samples started per prompt, judged at the checkpoints (<see cref="EarlyRejectionSpec"/>).</summary>
public sealed record RejectionCurve(string Name, string Selection, IReadOnlyList<int> Sizes, EarlyRejectionSpec Spec) : FrontierCurve(Name, Selection, Sizes);

/// <summary>A budget of N samples per prompt on average over batches of prompts (<see cref="BudgetAllocator"/>), majority vote.</summary>
public sealed record BudgetCurve(string Name, IReadOnlyList<int> Sizes, int BatchPrompts, int WaveSize, double Threshold)
    : FrontierCurve(Name, StrategyCurves.Majority, Sizes);

/// <summary>The curves the frontier evaluation draws, and the selections they use.</summary>
public static class FrontierCurves
{
    public static readonly int[] Sizes = [1, 2, 4, 8, 16, 32, 64];
    public static readonly int[] RejectionSizes = [4, 8, 16, 32, 64];
    public static readonly int[] BudgetSizes = [2, 4, 8, 16, 32];

    public static (ISelectionStrategy Strategy, SelectionOptions Options) Selection(string name) => name switch
    {
        StrategyCurves.Majority => (new MajorityStrategy(), SelectionOptions.Default),
        StrategyCurves.BestOfN => (new BestOfNStrategy(), SelectionOptions.Default),
        StrategyCurves.WeightedMajority => (new WeightedMajorityStrategy(), SelectionOptions.Default with { Weight = VoteWeight.Reward }),
        _ => throw new ArgumentException($"No frontier selection '{name}'."),
    };

    /// <summary>Baselines for majority, best-of-N and weighted majority; early rejection for the two reward-ranked
    /// selections with each (checkpoints, keep) given; the budget curves (majority).</summary>
    public static IReadOnlyList<FrontierCurve> Create(IReadOnlyList<EarlyRejectionSpec> rejections, IReadOnlyList<BudgetCurve> budgets)
    {
        var curves = new List<FrontierCurve>();
        foreach (var selection in new[] { StrategyCurves.Majority, StrategyCurves.BestOfN, StrategyCurves.WeightedMajority })
            curves.Add(new UniformCurve(selection, selection, Sizes));
        foreach (var selection in new[] { StrategyCurves.BestOfN, StrategyCurves.WeightedMajority })
            foreach (var spec in rejections)
                curves.Add(new RejectionCurve(
                    FormattableString.Invariant($"{(selection == StrategyCurves.WeightedMajority ? "wmaj" : selection)}+er c{string.Join('/', spec.Checkpoints)} k{spec.Keep}"),
                    selection, RejectionSizes, spec));
        curves.AddRange(budgets);
        return curves;
    }
}
