using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class VerifierStrategyTests
{
    private readonly ISelectionStrategy _strategy = SelectionStrategyRegistry.Default.Get("verifier");

    [Fact]
    public void KeepsAcceptedCandidatesThenAppliesTheInnerStrategy()
    {
        var pool = Of(
            C(0, "a").WithVerdict("tests", Verdict.Reject("2 failing")),
            C(1, "a").WithVerdict("tests", Verdict.Reject("1 failing")),
            C(2, "a").WithVerdict("tests", Verdict.Reject("1 failing")),
            C(3, "b").WithVerdict("tests", Verdict.Accept("ok")),
            C(4, "c").WithVerdict("tests", Verdict.Accept("ok")),
            C(5, "c").WithVerdict("tests", Verdict.Accept("ok")));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal([4], Indices(result));
        Assert.Equal([3, 4, 5], result.Explanation.Passed);
        Assert.Equal("majority", result.Explanation.Inner!.Strategy);
        Assert.Equal(6, result.Explanation.PoolSize);
        Assert.Null(result.Explanation.Fallback);
    }

    [Fact]
    public void NoCandidatePassingFallsBackToTheInnerStrategyOnAllAndFlagsIt()
    {
        var pool = Of(
            C(0, "a").WithVerdict("http", Verdict.Unverified("circuit open")),
            C(1, "b").WithVerdict("http", Verdict.Unverified("circuit open")),
            C(2, "b").WithVerdict("http", Verdict.Unverified("timeout")));
        var result = _strategy.Select(pool, SelectionOptions.Default);
        Assert.Equal([1], Indices(result));
        Assert.Contains("no candidate passed verification; majority applied to all 3 candidates", result.Explanation.Fallback);
        Assert.Empty(result.Explanation.Passed!);

        var lenient = _strategy.Select(pool, SelectionOptions.Default with { UnverifiedPasses = true });
        Assert.Null(lenient.Explanation.Fallback);
        Assert.Equal([0, 1, 2], lenient.Explanation.Passed);
    }

    [Fact]
    public void ScoredVerdictsPassAtTheThresholdAndNamedVerifiersAreAllRequired()
    {
        var pool = Of(
            C(0, "a", 0.2).WithVerdict("rm", Verdict.Scored(0.2, "")).WithVerdict("json", Verdict.Accept("")),
            C(1, "b", 0.7).WithVerdict("rm", Verdict.Scored(0.7, "")).WithVerdict("json", Verdict.Reject("")),
            C(2, "c", 0.6).WithVerdict("rm", Verdict.Scored(0.6, "")).WithVerdict("json", Verdict.Accept("")));
        var options = SelectionOptions.Default with { ScoreAcceptThreshold = 0.5, InnerStrategy = "best_of_n" };
        Assert.Equal([2], Indices(_strategy.Select(pool, options)));
        Assert.Equal([1], Indices(_strategy.Select(pool, options with { Verifiers = ["rm"] })));
        Assert.Equal([0, 2], _strategy.Select(pool, options with { Verifiers = ["json"] }).Explanation.Passed);
    }

    [Fact]
    public void ACandidateWithoutVerdictsDoesNotPass() =>
        Assert.False(VerifierStrategy.Passes(C(0, "a"), SelectionOptions.Default));

    [Fact]
    public void InnerStrategyMustExistAndCannotBeItself()
    {
        var pool = Of(C(0, "a").WithVerdict("v", Verdict.Accept("")));
        Assert.Throws<UnknownStrategyException>(() => _strategy.Select(pool, SelectionOptions.Default with { InnerStrategy = "nope" }));
        Assert.Throws<InvalidSelectionOptionsException>(() => _strategy.Select(pool, SelectionOptions.Default with { InnerStrategy = "verifier" }));
    }
}
