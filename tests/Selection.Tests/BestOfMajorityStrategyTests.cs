using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class BestOfMajorityStrategyTests
{
    private readonly BestOfMajorityStrategy _strategy = new();

    [Fact]
    public void FiltersRareAnswersThenRanksByBestReward()
    {
        // "9" is rare (1/10 < 0.2) but scored highest: filtered out. "5" (3/10) beats "7" (6/10) on best reward.
        var pool = Of(
            C(0, "7", 0.5), C(1, "7", 0.4), C(2, "5", 0.8), C(3, "7", 0.3), C(4, "9", 2.0),
            C(5, "7", 0.5), C(6, "5", 0.7), C(7, "7", 0.2), C(8, "5", 0.6), C(9, "7", 0.6));
        var result = _strategy.Select(pool, SelectionOptions.Default with { Alpha = 0.2 });
        Assert.Equal([2], Indices(result));
        var e = result.Explanation;
        Assert.Equal(0.2, e.Threshold);
        Assert.Equal(["5", "7", "9"], e.Answers.Select(a => a.Answer));
        Assert.Equal([true, true, false], e.Answers.Select(a => a.Kept));
        Assert.Equal([0.8, 0.6, 2.0], e.Answers.Select(a => a.Score!.Value));
        Assert.Null(e.Fallback);
    }

    [Fact]
    public void AlphaIsComparedAsAVoteCountSoTheBoundaryIsKept()
    {
        var pool = Of(C(0, "a", 0.1), C(1, "a", 0.1), C(2, "a", 0.1), C(3, "a", 0.1), C(4, "a", 0.1),
            C(5, "a", 0.1), C(6, "a", 0.1), C(7, "b", 0.9), C(8, "b", 0.9), C(9, "b", 0.9));
        Assert.Equal([7], Indices(_strategy.Select(pool, SelectionOptions.Default with { Alpha = 0.3 })));
        Assert.Equal([0], Indices(_strategy.Select(pool, SelectionOptions.Default with { Alpha = 0.31 })));
    }

    [Fact]
    public void FewerThanKKeptAnswersAreFilledFromTheRestByRewardAndFlagged()
    {
        var pool = Of(C(0, "a", 0.1), C(1, "a", 0.2), C(2, "a", 0.3), C(3, "b", 0.5), C(4, "c", 0.9));
        var result = _strategy.Select(pool, SelectionOptions.Default with { Alpha = 0.5, K = 3 });
        Assert.Equal([2, 4, 3], Indices(result));
        Assert.Contains("only 1 answer(s) reach alpha", result.Explanation.Fallback);
    }

    [Fact]
    public void AlphaZeroIsExactlyBestOfNOverManyRandomPools()
    {
        var random = new Random(20251121);
        var bestOfN = new BestOfNStrategy();
        for (var trial = 0; trial < 2000; trial++)
        {
            var n = random.Next(1, 30);
            var answers = random.Next(1, 6);
            var pool = Enumerable.Range(0, n).Select(i => C(
                i,
                random.NextDouble() < 0.15 ? null : random.Next(answers).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Math.Round(random.NextDouble(), 1), // coarse rewards force ties
                -Math.Round(random.NextDouble(), 1))).ToList();
            var k = random.Next(1, 4);
            var options = SelectionOptions.Default with { Alpha = 0, K = k };
            var expected = bestOfN.Select(pool, options);
            var actual = _strategy.Select(pool, options);
            Assert.Equal(Indices(expected), Indices(actual));
            Assert.Equal(expected.Explanation.TieBreak, actual.Explanation.TieBreak);
        }
    }

    [Fact]
    public void MissingRewardsAreATypedError() =>
        Assert.Throws<MissingSignalException>(() => _strategy.Select(Of(C(0, "a")), SelectionOptions.Default));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void OutOfRangeAlphaIsATypedError(double alpha) =>
        Assert.Throws<InvalidSelectionOptionsException>(
            () => _strategy.Select(Of(C(0, "a", 1)), SelectionOptions.Default with { Alpha = alpha }));
}
