using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class BestOfNStrategyTests
{
    private readonly BestOfNStrategy _strategy = new();

    [Fact]
    public void PicksTheHighestReward()
    {
        var result = _strategy.Select(Of(C(0, "1", 0.2), C(1, "2", 0.9), C(2, "1", 0.5)), SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
        Assert.Null(result.Explanation.TieBreak);
        Assert.Equal(0.9, result.Explanation.Answers[0].Score);
    }

    [Fact]
    public void RewardTiesGoToHigherMeanLogProbThenFirstSeen()
    {
        var byLogProb = _strategy.Select(Of(C(0, "1", 0.9, -2.0), C(1, "2", 0.9, -0.5)), SelectionOptions.Default);
        Assert.Equal([1], Indices(byLogProb));
        Assert.Equal("mean log-prob", byLogProb.Explanation.TieBreak);

        var byOrder = _strategy.Select(Of(C(0, "1", 0.9, -1.0), C(1, "2", 0.9, -1.0)), SelectionOptions.Default);
        Assert.Equal([0], Indices(byOrder));
        Assert.Equal("first seen", byOrder.Explanation.TieBreak);
    }

    [Fact]
    public void TheSameTextDrawnTwiceIsRepresentedByItsFirstSampleWhateverTheNoiseInItsScores()
    {
        // Identical samples scored in different batches differ by ~1e-7: that noise must not move the chosen index.
        static Candidate Same(int index, double reward, double meanLogProb) =>
            new Candidate(index, "3*4=12. 2+12=14. #### 14", 10, meanLogProb * 10).WithAnswer(ExtractedAnswer.From("14")).WithReward(reward);
        var pool = Of(C(0, "11", 0.1), Same(1, 0.8, -0.5000001), Same(2, 0.8, -0.5), Same(3, 0.8000001, -0.5));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
        Assert.Equal([1], Indices(new MajorityStrategy().Select(pool, SelectionOptions.Default)));
    }

    [Fact]
    public void UnansweredCandidatesNeverWinWhileAnAnswerExists()
    {
        var result = _strategy.Select(Of(C(0, null, 5.0), C(1, "2", 0.1)), SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
    }

    [Fact]
    public void PassAtKReturnsDistinctAnswersBestCandidateEach()
    {
        var pool = Of(C(0, "1", 0.9), C(1, "1", 0.95), C(2, "2", 0.5), C(3, "3", 0.7), C(4, "2", 0.6));
        var result = _strategy.Select(pool, SelectionOptions.Default with { K = 2 });
        Assert.Equal([1, 3], Indices(result));
    }

    [Fact]
    public void KBeyondDistinctAnswersFillsWithUnansweredCandidatesAndSaysSo()
    {
        var pool = Of(C(0, "1", 0.9), C(1, null, 0.2), C(2, "1", 0.8), C(3, null, 0.5));
        var result = _strategy.Select(pool, SelectionOptions.Default with { K = 3 });
        Assert.Equal([0, 3, 1], Indices(result));
        Assert.Contains("only 1 distinct answer(s) for k = 3", result.Explanation.Fallback);

        var noFill = _strategy.Select(Of(C(0, "1", 0.9), C(1, "1", 0.8)), SelectionOptions.Default with { K = 3 });
        Assert.Equal([0], Indices(noFill));
        Assert.Contains("returned 1", noFill.Explanation.Fallback);
    }

    [Fact]
    public void MissingRewardsAreATypedErrorListingTheCandidates()
    {
        var ex = Assert.Throws<MissingSignalException>(
            () => _strategy.Select(Of(C(0, "1", 0.9), C(1, "2"), C(2, "3")), SelectionOptions.Default));
        Assert.Equal([1, 2], ex.CandidateIndices);
        Assert.Equal("reward", ex.Signal);
    }

    [Fact]
    public void EmptyPoolSelectsNothing()
    {
        var result = _strategy.Select([], SelectionOptions.Default);
        Assert.Empty(result.Chosen);
        Assert.Null(result.Best);
    }
}
