using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class WeightedMajorityStrategyTests
{
    private readonly WeightedMajorityStrategy _strategy = new();

    [Fact]
    public void RewardWeightsCanOutvoteAPlurality()
    {
        var pool = Of(C(0, "a", 0.1), C(1, "a", 0.1), C(2, "a", 0.1), C(3, "b", 0.9));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal([3], Indices(result));
        Assert.Equal(0.9, result.Explanation.Answers[0].Score!.Value, 12);
        Assert.Equal(0.3, result.Explanation.Answers[1].Score!.Value, 12);
    }

    [Fact]
    public void LogProbWeightsUseExpOfTheMeanTokenLogProb()
    {
        // "a": 2 * exp(-2) = 0.2707; "b": exp(-0.5) = 0.6065.
        var pool = Of(C(0, "a", null, -2), C(1, "a", null, -2), C(2, "b", null, -0.5));
        var result = _strategy.Select(pool, SelectionOptions.Default with { Weight = VoteWeight.MeanLogProbExp });
        Assert.Equal([2], Indices(result));
        Assert.Equal(2 * Math.Exp(-2), result.Explanation.Answers[1].Score!.Value, 12);
        Assert.Throws<MissingSignalException>(() => _strategy.Select(Of(C(0, "a", 0.5)), SelectionOptions.Default with { Weight = VoteWeight.MeanLogProbExp }));
    }

    [Fact]
    public void WeightTiesGoToVotesThenFirstSeen()
    {
        var byVotes = _strategy.Select(Of(C(0, "a", 0.5), C(1, "b", 0.25), C(2, "b", 0.25)), SelectionOptions.Default);
        Assert.Equal("b", byVotes.Best!.Answer!.Raw);
        Assert.Equal("votes", byVotes.Explanation.TieBreak);

        var byOrder = _strategy.Select(Of(C(0, "a", 0.5), C(1, "b", 0.5)), SelectionOptions.Default);
        Assert.Equal([0], Indices(byOrder));
        Assert.Equal("first seen", byOrder.Explanation.TieBreak);
    }

    [Fact]
    public void MissingRewardsAreATypedError() =>
        Assert.Throws<MissingSignalException>(() => _strategy.Select(Of(C(0, "a", 0.5), C(1, "b")), SelectionOptions.Default));
}
