using Inference.Selection;
using Xunit.Abstractions;

namespace Inference.Selection.Tests;

/// <summary>
/// The BoM paper's qualitative claims on synthetic pools (see <see cref="SyntheticProblems"/>): with a reward that
/// is occasionally fooled by rare wrong answers, Best-of-N gets worse as N grows, majority plateaus, and
/// Best-of-Majority stays at or above both. Every strategy sees the same pools (paired comparison).
/// </summary>
public class MonteCarloTests(ITestOutputHelper output)
{
    private const int Trials = 1500;
    private const double Alpha = 0.1;
    private static readonly int[] Ns = [1, 2, 4, 8, 16, 32, 64];

    [Fact]
    public void BestOfNFallsMajorityPlateausBestOfMajorityStaysOnTop()
    {
        var strategies = new (string Name, ISelectionStrategy Strategy, SelectionOptions Options)[]
        {
            ("BoN", new BestOfNStrategy(), SelectionOptions.Default),
            ("Majority", new MajorityStrategy(), SelectionOptions.Default),
            ("BoM", new BestOfMajorityStrategy(), SelectionOptions.Default with { Alpha = Alpha }),
            ("Weighted", new WeightedMajorityStrategy(), SelectionOptions.Default),
        };
        var accuracy = strategies.ToDictionary(s => s.Name, _ => new Dictionary<int, double>());
        foreach (var n in Ns)
        {
            var problems = new SyntheticProblems(seed: 1000 + n);
            var hits = new int[strategies.Length];
            for (var t = 0; t < Trials; t++)
            {
                var pool = problems.NextPool(n);
                for (var s = 0; s < strategies.Length; s++)
                {
                    if (SyntheticProblems.IsCorrect(strategies[s].Strategy.Select(pool, strategies[s].Options).Best!))
                    {
                        hits[s]++;
                    }
                }
            }

            for (var s = 0; s < strategies.Length; s++)
            {
                accuracy[strategies[s].Name][n] = (double)hits[s] / Trials;
            }

            output.WriteLine($"N={n,3}  " + string.Join("  ", strategies.Select(s => $"{s.Name}={accuracy[s.Name][n]:F3}")));
        }

        var bon = accuracy["BoN"];
        var majority = accuracy["Majority"];
        var bom = accuracy["BoM"];

        // Best-of-N degrades: its peak (small N) is far above its value at N = 64, and it keeps falling.
        Assert.True(bon.Values.Max() - bon[64] > 0.3, $"BoN should fall with N: peak {bon.Values.Max():F3}, N=64 {bon[64]:F3}");
        Assert.True(bon[64] < bon[16] - 0.1 && bon[16] < bon[4] - 0.1, "BoN should fall from N=4 to 16 to 64");

        // Majority plateaus near the share of problems whose plurality answer is correct (0.7), well below 1.
        var late = new[] { majority[16], majority[32], majority[64] };
        Assert.True(late.Max() - late.Min() < 0.07, $"majority should plateau from N=16: {string.Join(", ", late)}");
        Assert.InRange(majority[64], 0.62, 0.8);

        // Best-of-Majority is never meaningfully below either, is clearly above both once alpha filters the rare
        // answers (N >= 16), and does not degrade as N grows.
        foreach (var n in Ns)
        {
            Assert.True(bom[n] >= Math.Max(bon[n], majority[n]) - 0.03, $"N={n}: BoM {bom[n]:F3} vs BoN {bon[n]:F3}, majority {majority[n]:F3}");
        }

        foreach (var n in new[] { 16, 32, 64 })
        {
            Assert.True(bom[n] >= Math.Max(bon[n], majority[n]) + 0.1, $"N={n}: BoM {bom[n]:F3} should beat BoN {bon[n]:F3} and majority {majority[n]:F3}");
        }

        Assert.True(bom[64] >= bom[16] - 0.03, $"BoM should not degrade: N=16 {bom[16]:F3}, N=64 {bom[64]:F3}");
    }

    [Fact]
    public void SubsetCurvesFromOneLargePoolAgreeWithFreshSampling()
    {
        // One problem, one 256-sample pool: pass@1 via "none" over random subsets equals the pool's correct share,
        // and majority@N over subsets climbs towards the pool majority.
        var pool = new SyntheticProblems(seed: 7).NextPool(256);
        var correctShare = pool.Count(SyntheticProblems.IsCorrect) / 256.0;
        var passAt1 = SubsetAccuracy.AtN(pool, SyntheticProblems.IsCorrect, new NoSelectionStrategy(), SelectionOptions.Default, 1, 20_000, seed: 1);
        Assert.True(Math.Abs(passAt1 - correctShare) < 0.015, $"pass@1 {passAt1:F3} vs share {correctShare:F3}");

        var majorityFull = new MajorityStrategy().Select(pool, SelectionOptions.Default).Best!;
        var majorityAt128 = SubsetAccuracy.MajorityAtN(pool, SyntheticProblems.IsCorrect, 128, 300, seed: 2);
        Assert.Equal(SyntheticProblems.IsCorrect(majorityFull) ? 1.0 : 0.0, majorityAt128, 1);
        Assert.Equal(
            SubsetAccuracy.BestOfNAtN(pool, SyntheticProblems.IsCorrect, 8, 500, seed: 3),
            SubsetAccuracy.BestOfMajorityAtN(pool, SyntheticProblems.IsCorrect, 8, 500, seed: 3, alpha: 0));
    }

    [Fact]
    public void AdaptiveStoppingSavesSamplesAtLittleAccuracyCost()
    {
        const int Problems = 1500;
        const int Budget = 40;
        var problems = new SyntheticProblems(seed: 99);
        var majority = new MajorityStrategy();
        var (fullHits, betaHits, escHits, betaUsed, escUsed) = (0, 0, 0, 0, 0);
        for (var p = 0; p < Problems; p++)
        {
            var pool = problems.NextPool(Budget);
            fullHits += Hit(pool);
            var beta = RunWaves(AdaptiveStopper.AdaptiveConsistency(Budget), pool);
            betaUsed += beta;
            betaHits += Hit(pool.Take(beta).ToList());
            var esc = RunWaves(AdaptiveStopper.EarlyStoppingSelfConsistency(Budget), pool);
            escUsed += esc;
            escHits += Hit(pool.Take(esc).ToList());
        }

        var (full, betaAccuracy, escAccuracy) = ((double)fullHits / Problems, (double)betaHits / Problems, (double)escHits / Problems);
        var (betaMean, escMean) = ((double)betaUsed / Problems, (double)escUsed / Problems);
        output.WriteLine($"majority@{Budget}={full:F3}  beta: accuracy={betaAccuracy:F3} mean samples={betaMean:F1}  esc: accuracy={escAccuracy:F3} mean samples={escMean:F1}");

        Assert.True(betaAccuracy >= full - 0.03, $"Beta rule accuracy {betaAccuracy:F3} vs majority@{Budget} {full:F3}");
        Assert.True(betaMean < 0.75 * Budget, $"Beta rule used {betaMean:F1} samples on average");
        Assert.True(escAccuracy >= full - 0.05, $"ESC accuracy {escAccuracy:F3} vs majority@{Budget} {full:F3}");
        Assert.True(escMean < Budget, $"ESC used {escMean:F1} samples on average");

        int Hit(IReadOnlyList<Candidate> candidates) =>
            SyntheticProblems.IsCorrect(majority.Select(candidates, SelectionOptions.Default).Best!) ? 1 : 0;
    }

    /// <summary>Feeds the pool to the stopper wave by wave, as the pipeline will, and returns the samples used.</summary>
    private static int RunWaves(AdaptiveStopper stopper, IReadOnlyList<Candidate> pool)
    {
        var used = stopper.FirstWaveSize;
        while (true)
        {
            var decision = stopper.AfterWave(pool.Take(used).ToList());
            if (decision.Stop)
            {
                Assert.Equal(used, decision.SamplesUsed);
                return used;
            }

            used += decision.NextWaveSize;
        }
    }
}
