using Inference.Selection;

namespace Inference.Verifiers.Tests;

public class VerifierRunnerTests
{
    private static readonly VerificationRequest Request = new("What is 6 * 7?", "42");

    /// <summary>
    /// Counts candidates in flight; holds each until <c>bound</c> are in flight together. The 60 s wait only bounds a
    /// runner that never reaches the bound (then every held candidate goes on, and MaxInFlight shows the shortfall);
    /// a short wait could give up on a loaded machine before the runner had started the others.
    /// </summary>
    private sealed class ConcurrencyProbe(int bound) : CandidateVerifier("probe", bound)
    {
        private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int MaxInFlight;

        protected override async ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MaxInFlight, now);
            if (now >= MaxDegreeOfParallelism)
            {
                _full.TrySetResult();
            }

            try
            {
                await _full.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            }
            catch (TimeoutException)
            {
                _full.TrySetResult();
                throw;
            }
            Interlocked.Decrement(ref _inFlight);
            return candidate.Index == 3 ? throw new InvalidOperationException("boom on 3") : Verdict.Scored(candidate.Index / 10.0, "probe");
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private sealed class MiscountingVerifier : IVerifier
    {
        public string Name => "miscount";

        public Task<IReadOnlyList<Verdict>> VerifyAsync(VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Verdict>>([Verdict.Accept("only one")]);
    }

    [Fact]
    public async Task CandidatesAreVerifiedConcurrentlyUpToTheBound()
    {
        var probe = new ConcurrencyProbe(3);
        var verdicts = await probe.VerifyAsync(Request, Candidates.Texts(Enumerable.Repeat("x", 12).ToArray()), default);
        Assert.Equal(3, probe.MaxInFlight);
        Assert.Equal(12, verdicts.Count);
        Assert.Equal(Verdict.Unverified("InvalidOperationException: boom on 3"), verdicts[3]);
        Assert.Equal(VerdictStatus.Scored, verdicts[4].Status);
    }

    [Fact]
    public async Task RunnerAttachesVerdictsByNameSetsRewardsAndSurvivesBadVerifiers()
    {
        var runner = new VerifierRunner([new AnswerCheckVerifier(), new ConcurrencyProbe(2), new MiscountingVerifier()], rewardFrom: "probe");
        var outcome = await runner.RunAsync(Request, Candidates.Texts("#### 42", "#### 41", "#### 42", "#### 7"), default);

        var first = outcome.Candidates[0];
        Assert.Equal(VerdictStatus.Accepted, first.Verdicts["answer"].Status);
        Assert.Equal(0.0, first.Reward);
        Assert.Equal(0.2, outcome.Candidates[2].Reward);
        Assert.Null(outcome.Candidates[3].Reward); // the probe failed on candidate 3: no score, no reward
        Assert.All(outcome.Candidates, c => Assert.Equal("verifier 'miscount' returned 1 verdicts for 4 candidates", c.Verdicts["miscount"].Reason));
        Assert.Equal(
            [("answer", 2, 2, 0, 0), ("probe", 0, 0, 3, 1), ("miscount", 0, 0, 0, 4)],
            outcome.Runs.Select(r => (r.Verifier, r.Accepted, r.Rejected, r.Scored, r.Unverified)));
    }

    [Fact]
    public async Task VerdictsFeedTheVerifierSelectionStrategy()
    {
        var runner = new VerifierRunner([new AnswerCheckVerifier(), new RegexVerifier("shows-work", mustMatch: ["because"])]);
        var outcome = await runner.RunAsync(
            Request,
            Candidates.Texts("#### 41", "#### 41", "#### 41", "because 6*7 #### 42", "#### 42"),
            default);
        var strategy = SelectionStrategyRegistry.Default.Get(SelectionStrategyNames.Verifier);

        var result = strategy.Select(outcome.Candidates, SelectionOptions.Default);
        Assert.Equal(3, result.Best!.Index);
        Assert.Equal([3], result.Explanation.Passed);

        var answerOnly = strategy.Select(outcome.Candidates, SelectionOptions.Default with { Verifiers = ["answer"] });
        Assert.Equal([3, 4], answerOnly.Explanation.Passed);
        Assert.Equal(3, answerOnly.Best!.Index);
    }

    [Fact]
    public void ConfigurationErrorsAreTyped()
    {
        Assert.Throws<InvalidVerifierConfigurationException>(() => new VerifierRunner([new AnswerCheckVerifier(), new AnswerCheckVerifier()]));
        Assert.Throws<InvalidVerifierConfigurationException>(() => new VerifierRunner([new AnswerCheckVerifier()], rewardFrom: "rm"));
    }
}
