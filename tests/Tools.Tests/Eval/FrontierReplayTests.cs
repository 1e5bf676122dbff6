using Inference.Eval.Frontier;
using Inference.Eval.Metrics;
using Inference.Eval.Sampling;
using Inference.Pipeline;
using static Inference.Tools.Tests.Eval.SyntheticPools;

namespace Inference.Tools.Tests.Eval;

public class FrontierReplayTests
{
    // Every synthetic sample has 10 tokens.
    private static PoolProblem Misled() => Problem("a", ("5", 0.9), ("6", 0.5), ("7", 0.3), ("8", 0.2));

    private static PrefixRewards Prefixes(params (PoolProblem Problem, double[] At4)[] problems) => new()
    {
        Checkpoints = [4],
        Scores = problems.ToDictionary(p => PrefixRewards.Key(p.Problem), p => new[] { p.At4 }),
    };

    [Fact]
    public void Early_rejection_keeps_the_best_prefixes_and_charges_rejected_samples_up_to_the_checkpoint()
    {
        // The right answer has the best final reward but the worst prefix: best-of-4 finds it, rejection at 4 tokens loses it.
        var problem = Misled();
        var curves = new FrontierCurve[]
        {
            new UniformCurve("bon", StrategyCurves.BestOfN, [4]),
            new RejectionCurve("bon+er", StrategyCurves.BestOfN, [4], new EarlyRejectionSpec([4], 0.25)),
            new RejectionCurve("bon+er keep half", StrategyCurves.BestOfN, [4], new EarlyRejectionSpec([4], 0.5)),
        };
        var replay = new FrontierReplay(curves, Prefixes((problem, [0.1, 0.8, 0.2, 0.3])), maxTokens: 96, trials: 5, seed: 3);
        var row = replay.Run([problem])[0];
        Assert.Equal([1, 40, 4], row[0..3]);             // uniform: correct, 4 x 10 tokens
        Assert.Equal([0, 10 + (3 * 4), 4], row[3..6]);   // keeps sample 1 (prefix 0.8): wrong; 3 rejected at 4 tokens
        Assert.Equal([0, 20 + (2 * 4), 4], row[6..9]);   // keeps 1 and 3: 6 (0.5) beats 8 (0.2)
    }

    [Fact]
    public void A_budget_goes_to_the_split_prompt_and_is_never_exceeded()
    {
        var unanimous = Problem("u", Repeat("5", 0.9, 8));
        var split = Problem("s", ("5", 0.5), ("7", 0.5), ("8", 0.5), ("9", 0.5), ("5", 0.5), ("7", 0.5), ("8", 0.5), ("9", 0.5));
        var curve = new BudgetCurve("budget", [6], BatchPrompts: 2, WaveSize: 4, Threshold: 0.95);
        var replay = new FrontierReplay([curve], Prefixes(), maxTokens: 96, trials: 7, seed: 1);
        var rows = replay.Run([unanimous, split]);
        // 12 samples: 4 each first; 4-0 settles the unanimous prompt (P = 0.969), the split one (at most 2-2) gets the other 4.
        Assert.Equal([1, 40, 4], rows[0]);
        Assert.Equal(8, rows[1][2]);
        Assert.Equal(80, rows[1][1]);
    }

    [Fact]
    public void Settings_parse_and_bad_ones_are_named()
    {
        var spec = FrontierCommand.ParseRejection("6/12:0.5");
        Assert.Equal([6.0, 12.0], spec.Checkpoints);
        Assert.Equal(0.5, spec.Keep);
        var budget = FrontierCommand.ParseBudget("25:4:0.95");
        Assert.Equal((25, 4, 0.95), (budget.BatchPrompts, budget.WaveSize, budget.Threshold));
        Assert.Throws<Inference.Eval.Data.InvalidEvalInputException>(() => FrontierCommand.ParseRejection("8:0"));
        Assert.Throws<Inference.Eval.Data.InvalidEvalInputException>(() => FrontierCommand.ParseBudget("25:4:1.5"));
    }
}
