using Inference.Selection;

namespace Inference.Verifiers.Tests;

public class CompositeVerifierTests
{
    private static readonly VerificationRequest Request = new("p");

    /// <summary>A child whose verdict per candidate is given by the test (the composites' inputs).</summary>
    private sealed class ScriptedVerifier(string name, params Verdict[] verdicts) : IVerifier
    {
        public string Name => name;

        public Task<IReadOnlyList<Verdict>> VerifyAsync(VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Verdict>>(verdicts);
    }

    private sealed class ThrowingVerifier : IVerifier
    {
        public string Name => "broken";

        public Task<IReadOnlyList<Verdict>> VerifyAsync(VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("model file missing");
    }

    private static readonly Verdict A = Verdict.Accept("ok", 0.8);
    private static readonly Verdict R = Verdict.Reject("bad", 0.2);
    private static readonly Verdict U = Verdict.Unverified("down");
    private static readonly Verdict S = Verdict.Scored(0.5, "rm");

    public static TheoryData<Verdict, Verdict, VerdictStatus, VerdictStatus> Truth => new()
    {
        // left, right, all-of, any-of
        { A, A, VerdictStatus.Accepted, VerdictStatus.Accepted },
        { A, R, VerdictStatus.Rejected, VerdictStatus.Accepted },
        { R, R, VerdictStatus.Rejected, VerdictStatus.Rejected },
        { A, U, VerdictStatus.Unverified, VerdictStatus.Accepted },
        { R, U, VerdictStatus.Rejected, VerdictStatus.Unverified },
        { U, U, VerdictStatus.Unverified, VerdictStatus.Unverified },
        { A, S, VerdictStatus.Accepted, VerdictStatus.Accepted },
        { R, S, VerdictStatus.Rejected, VerdictStatus.Rejected },
        { S, S, VerdictStatus.Unverified, VerdictStatus.Unverified },
    };

    [Theory]
    [MemberData(nameof(Truth))]
    public async Task AllOfAndAnyOfCombineVerdicts(Verdict left, Verdict right, VerdictStatus allOf, VerdictStatus anyOf)
    {
        IVerifier[] children = [new ScriptedVerifier("l", left), new ScriptedVerifier("r", right)];
        var candidates = Candidates.Texts("x");
        Assert.Equal(allOf, (await new AllOfVerifier("all", children).VerifyAsync(Request, candidates, default))[0].Status);
        Assert.Equal(anyOf, (await new AnyOfVerifier("any", children).VerifyAsync(Request, candidates, default))[0].Status);
    }

    [Fact]
    public async Task AllOfReportsWhoRejectedAndTheLowestScore()
    {
        var verdict = (await new AllOfVerifier("all", [new ScriptedVerifier("json", A), new ScriptedVerifier("tests", R)])
            .VerifyAsync(Request, Candidates.Texts("x"), default))[0];
        Assert.Equal(new Verdict(VerdictStatus.Rejected, 0.2, "rejected by tests: bad"), verdict);
    }

    [Fact]
    public async Task WeightedSumUsesTheChildrenThatScoredAndOptionallyDecides()
    {
        var candidates = Candidates.Texts("x", "y");
        IReadOnlyList<(IVerifier, double)> children =
        [
            (new ScriptedVerifier("rm", Verdict.Scored(0.5, ""), Verdict.Scored(0.9, "")), 2.0),
            (new ScriptedVerifier("regex", A, U), 1.0),
        ];
        var scored = await new WeightedScoreVerifier("sum", children).VerifyAsync(Request, candidates, default);
        Assert.Equal((VerdictStatus.Scored, 1.8), (scored[0].Status, scored[0].Score!.Value));
        Assert.Equal(1.8, scored[1].Score!.Value, 12);
        Assert.Contains("no score from regex", scored[1].Reason);

        var decided = await new WeightedScoreVerifier("sum", children, acceptThreshold: 1.8).VerifyAsync(Request, candidates, default);
        Assert.Equal([VerdictStatus.Accepted, VerdictStatus.Accepted], decided.Select(v => v.Status));
        var strict = await new WeightedScoreVerifier("sum", children, acceptThreshold: 1.81).VerifyAsync(Request, candidates, default);
        Assert.Equal([VerdictStatus.Rejected, VerdictStatus.Rejected], strict.Select(v => v.Status));

        var none = await new WeightedScoreVerifier("sum", [(new ScriptedVerifier("u", U), 1.0)]).VerifyAsync(Request, Candidates.Texts("x"), default);
        Assert.Equal(VerdictStatus.Unverified, none[0].Status);
    }

    [Fact]
    public async Task AThrowingChildIsUnverifiedNotAnError()
    {
        var verdict = (await new AnyOfVerifier("any", [new ThrowingVerifier(), new ScriptedVerifier("ok", R)])
            .VerifyAsync(Request, Candidates.Texts("x"), default))[0];
        Assert.Equal(VerdictStatus.Unverified, verdict.Status);
        Assert.Contains("verifier 'broken' failed: InvalidOperationException: model file missing", verdict.Reason);
    }

    [Fact]
    public void CompositesNeedChildren() =>
        Assert.Throws<InvalidVerifierConfigurationException>(() => new AllOfVerifier("all", []));
}
