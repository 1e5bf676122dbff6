using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class MajorityStrategyTests
{
    private readonly MajorityStrategy _strategy = new();

    [Fact]
    public void PluralityWinsOverEquivalentSpellingsAndReportsVotes()
    {
        var pool = Of(C(0, "1,234"), C(1, "7"), C(2, "$1234.00"), C(3, "7"), C(4, "1234"), C(5, null), C(6, null), C(7, null));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal(0, result.Best!.Index);
        var tally = result.Explanation.Answers;
        Assert.Equal(("1,234", 3, 3 / 8.0), (tally[0].Answer, tally[0].Votes, tally[0].Frequency));
        Assert.Equal(("7", 2), (tally[1].Answer, tally[1].Votes));
        Assert.Equal(3, result.Explanation.Unanswered);
        Assert.Null(result.Explanation.TieBreak);
    }

    [Fact]
    public void UnansweredCandidatesNeverWinEvenWhenTheyAreMostCommon()
    {
        var result = _strategy.Select(Of(C(0, null), C(1, null), C(2, "5"), C(3, null)), SelectionOptions.Default);
        Assert.Equal([2], Indices(result));
    }

    [Fact]
    public void VoteTiesGoToSummedRewardThenFirstSeen()
    {
        var byReward = _strategy.Select(Of(C(0, "a", 0.1), C(1, "b", 0.6), C(2, "a", 0.2), C(3, "b", 0.1)), SelectionOptions.Default);
        Assert.Equal("b", byReward.Best!.Answer!.Raw);
        Assert.Equal(1, byReward.Best.Index); // the best-rewarded "b"
        Assert.Equal("summed reward", byReward.Explanation.TieBreak);
        Assert.Equal("votes, then summed reward, then first seen", byReward.Explanation.RankedBy);

        var byOrder = _strategy.Select(Of(C(0, "a"), C(1, "b"), C(2, "b"), C(3, "a")), SelectionOptions.Default);
        Assert.Equal([0], Indices(byOrder));
        Assert.Equal("first seen", byOrder.Explanation.TieBreak);
        Assert.Equal("votes, then first seen", byOrder.Explanation.RankedBy);
    }

    [Fact]
    public void WithoutRewardsTheMostCertainMemberRepresentsTheAnswer()
    {
        var result = _strategy.Select(Of(C(0, "a", null, -3), C(1, "a", null, -0.2), C(2, "b", null, -0.1)), SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
    }

    [Fact]
    public void NoAnswersAtAllFallsBackToUnansweredCandidatesFlagged()
    {
        var result = _strategy.Select(Of(C(0, null, null, -2), C(1, null, null, -1)), SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
        Assert.Contains("only 0 distinct answer(s)", result.Explanation.Fallback);
        Assert.Empty(result.Explanation.Answers);
    }

    [Fact]
    public void PassAtKIsTheTopKAnswersByVotes()
    {
        var pool = Of(C(0, "a"), C(1, "b"), C(2, "c"), C(3, "b"), C(4, "c"), C(5, "c"));
        Assert.Equal([2, 1], Indices(_strategy.Select(pool, SelectionOptions.Default with { K = 2 })));
    }
}
