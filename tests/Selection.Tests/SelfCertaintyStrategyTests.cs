using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class SelfCertaintyStrategyTests
{
    private readonly SelfCertaintyStrategy _strategy = new();

    [Fact]
    public void PicksTheHighestMeanLogProbIgnoringRewardsAndVotes()
    {
        var pool = Of(C(0, "a", 0.9, -1.0), C(1, "a", 0.9, -1.1), C(2, "b", 0.0, -0.3));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal([2], Indices(result));
        Assert.Equal(-0.3, result.Explanation.Answers[0].Score!.Value, 12);
    }

    [Fact]
    public void TiesGoToFirstSeenAndMissingLogProbsAreATypedError()
    {
        var tie = _strategy.Select(Of(C(0, "a", null, -0.5), C(1, "b", null, -0.5)), SelectionOptions.Default);
        Assert.Equal([0], Indices(tie));
        Assert.Equal("first seen", tie.Explanation.TieBreak);
        Assert.Throws<MissingSignalException>(() => _strategy.Select(Of(C(0, "a", null, -0.5), C(1, "b")), SelectionOptions.Default));
    }
}
