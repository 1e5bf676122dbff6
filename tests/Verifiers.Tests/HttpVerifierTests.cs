using Inference.Selection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Inference.Verifiers.Tests;

public sealed class HttpVerifierTests : IAsyncLifetime
{
    private static readonly VerificationRequest Request = new("What is 6 * 7?");
    private VerifierServer _server = null!;

    public async Task InitializeAsync() => _server = await VerifierServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private HttpVerifierOptions Options(string route) => new()
    {
        Endpoint = _server.Url(route),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        // Long enough that a loaded machine never turns a healthy answer into a timeout (which would add attempts and
        // break the exact counts); the timeout tests set their own short ones.
        AttemptTimeout = TimeSpan.FromSeconds(60),
        TotalTimeout = TimeSpan.FromSeconds(120),
    };

    [Fact]
    public async Task HealthyServiceAcceptsAndRejectsAndSeesPromptAndResponse()
    {
        var verifier = HttpVerifiers.Create(Options("/judge"));
        var verdicts = await verifier.VerifyAsync(Request, Candidates.Texts("#### 42", "#### 7"), default);
        Assert.Equal(new Verdict(VerdictStatus.Accepted, 0.9, "contains 42"), verdicts[0]);
        Assert.Equal(new Verdict(VerdictStatus.Rejected, 0.1, "no 42"), verdicts[1]);
        Assert.Contains("""{"prompt":"What is 6 * 7?","response":"#### 42"}""", _server.Bodies);
    }

    [Fact]
    public async Task ScoreOnlyAnswersAreScoredOrDecidedByTheThreshold()
    {
        var scored = await HttpVerifiers.Create(Options("/score-only")).VerifyAsync(Request, Candidates.Texts("x"), default);
        Assert.Equal((VerdictStatus.Scored, 0.7), (scored[0].Status, scored[0].Score!.Value));
        var decided = await HttpVerifiers.Create(Options("/score-only") with { AcceptThreshold = 0.8 }).VerifyAsync(Request, Candidates.Texts("x"), default);
        Assert.Equal(VerdictStatus.Rejected, decided[0].Status);
    }

    [Fact]
    public async Task TransientFailuresAreRetriedUntilTheServiceAnswers()
    {
        var verifier = HttpVerifiers.Create(Options("/flaky"));
        var verdicts = await verifier.VerifyAsync(Request, Candidates.Texts("a 42", "b 7", "c 42"), default);
        Assert.Equal([VerdictStatus.Accepted, VerdictStatus.Rejected, VerdictStatus.Accepted], verdicts.Select(v => v.Status));
        Assert.All(verdicts, v => Assert.EndsWith("(after 3 attempts)", v.Reason));
        Assert.Equal(9, _server.Count("/flaky")); // 503, 429, 200 for each of the three responses
    }

    [Fact]
    public async Task RetriesRunOutOnAFlakyServiceAndTheCandidateIsUnverified()
    {
        var verifier = HttpVerifiers.Create(Options("/flaky") with { MaxRetryAttempts = 1 });
        var verdicts = await verifier.VerifyAsync(Request, Candidates.Texts("only 42"), default);
        Assert.Equal(Verdict.Unverified("service answered HTTP 429 after 2 attempts"), verdicts[0]);
        Assert.Equal(2, _server.Count("/flaky"));
    }

    [Fact]
    public async Task SlowServiceHitsTheAttemptTimeoutOnEveryAttempt()
    {
        // /slow never answers, so a verdict at all proves each attempt was cut (the wait only bounds a hang). The clock
        // is fake: each attempt's 500 ms pass only once that attempt reached the service, so the service sees exactly
        // three (no retry delay, so nothing else waits on the clock).
        var time = new FakeTimeProvider();
        var verifier = HttpVerifiers.Create(Options("/slow") with { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxRetryAttempts = 2, RetryBaseDelay = TimeSpan.Zero }, time);
        var verifying = verifier.VerifyAsync(Request, Candidates.Texts("42"), default);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await _server.ArrivedAsync("/slow", attempt);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }
        var verdicts = await verifying.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Verdict.Unverified("timed out after 500 ms (3 attempts)"), verdicts[0]);
        await _server.WaitForCountAsync("/slow", 3);
    }

    [Fact]
    public async Task TotalTimeoutBoundsTheWholeVerification()
    {
        // As above: a verdict proves the total timeout cut the never-answering call, after the service saw it.
        var time = new FakeTimeProvider();
        var verifier = HttpVerifiers.Create(Options("/slow") with { TotalTimeout = TimeSpan.FromMilliseconds(300) }, time);
        var verifying = verifier.VerifyAsync(Request, Candidates.Texts("42"), default);
        await _server.ArrivedAsync("/slow", 1);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var verdicts = await verifying.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Verdict.Unverified("timed out after 300 ms (1 attempt)"), verdicts[0]);
        await _server.WaitForCountAsync("/slow", 1);
    }

    [Fact]
    public async Task DownServiceIsRetriedThenTheCandidateIsUnverified()
    {
        using var down = new VerifierServer.DownService();
        var verifier = HttpVerifiers.Create(Options("/judge") with { Endpoint = down.Url, MaxRetryAttempts = 2 });
        var verdicts = await verifier.VerifyAsync(Request, Candidates.Texts("42", "7"), default);
        Assert.All(verdicts, v =>
        {
            Assert.Equal(VerdictStatus.Unverified, v.Status);
            Assert.StartsWith("request failed after 3 attempts", v.Reason);
        });
    }

    [Fact]
    public async Task NonTransientStatusIsNotRetriedAndBadBodiesAreUnverified()
    {
        var badRequest = await HttpVerifiers.Create(Options("/bad-request")).VerifyAsync(Request, Candidates.Texts("42"), default);
        Assert.Equal(Verdict.Unverified("service answered HTTP 400 after 1 attempt"), badRequest[0]);
        Assert.Equal(1, _server.Count("/bad-request"));

        var garbage = await HttpVerifiers.Create(Options("/garbage")).VerifyAsync(Request, Candidates.Texts("42"), default);
        Assert.Equal(VerdictStatus.Unverified, garbage[0].Status);
        Assert.StartsWith("service response is not the expected JSON", garbage[0].Reason);
    }

    [Fact]
    public async Task BreakerOpensFailsFastThenHalfOpensAndClosesWhenTheServiceRecovers()
    {
        var time = new FakeTimeProvider();
        var (verifier, events) = BreakerVerifier(time);

        var failing = await verifier.VerifyAsync(Request, Candidates.Texts("1", "2"), default);
        Assert.All(failing, v => Assert.Equal(Verdict.Unverified("service answered HTTP 500 after 1 attempt"), v));
        await events.WaitForAsync(1);
        Assert.Equal([CircuitState.Open], events.States);
        Assert.Equal(CircuitState.Open, verifier.CircuitState);

        var blocked = await verifier.VerifyAsync(Request, Candidates.Texts("3 42", "4 42", "5 42"), default);
        Assert.All(blocked, v => Assert.StartsWith("circuit open", v.Reason));
        Assert.Equal(2, _server.Count("/breaker")); // fail-fast: nothing reached the service

        _server.Healthy = true;
        time.Advance(TimeSpan.FromSeconds(31));
        var probe = await verifier.VerifyAsync(Request, Candidates.Texts("6 42"), default);
        Assert.Equal(VerdictStatus.Accepted, probe[0].Status);
        await events.WaitForAsync(3);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], events.States);
        Assert.Equal(CircuitState.Closed, verifier.CircuitState);
        Assert.Equal(3, _server.Count("/breaker"));
    }

    [Fact]
    public async Task AFailedHalfOpenProbeReopensTheBreaker()
    {
        var time = new FakeTimeProvider();
        var (verifier, events) = BreakerVerifier(time);
        await verifier.VerifyAsync(Request, Candidates.Texts("1", "2"), default);
        time.Advance(TimeSpan.FromSeconds(31));
        var probe = await verifier.VerifyAsync(Request, Candidates.Texts("3"), default);
        Assert.Equal(Verdict.Unverified("service answered HTTP 500 after 1 attempt"), probe[0]);
        await events.WaitForAsync(3);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open], events.States);
        var blocked = await verifier.VerifyAsync(Request, Candidates.Texts("4"), default);
        Assert.StartsWith("circuit open", blocked[0].Reason);
        Assert.Equal(3, _server.Count("/breaker"));
    }

    [Fact]
    public async Task CallerCancellationPropagatesInsteadOfBecomingAVerdict()
    {
        var verifier = HttpVerifiers.Create(Options("/slow"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifier.VerifyAsync(Request, Candidates.Texts("42"), cts.Token));
    }

    private (HttpVerifier Verifier, BreakerEvents Events) BreakerVerifier(TimeProvider time)
    {
        var options = Options("/breaker") with
        {
            MaxRetryAttempts = 0,
            BreakerMinimumThroughput = 2,
            BreakerFailureRatio = 0.5,
            BreakerSamplingDuration = TimeSpan.FromMinutes(5),
            BreakerBreakDuration = TimeSpan.FromSeconds(30),
            MaxDegreeOfParallelism = 1,
        };
        var verifier = HttpVerifiers.Create(options, time);
        var events = new BreakerEvents();
        verifier.CircuitStateChanged += (_, state) => events.Add(state);
        return (verifier, events);
    }

    /// <summary>Records breaker transitions; waiting is event-driven (Polly may raise them on another thread).</summary>
    private sealed class BreakerEvents
    {
        private readonly List<CircuitState> _states = [];
        private readonly SemaphoreSlim _signal = new(0);

        public IReadOnlyList<CircuitState> States
        {
            get
            {
                lock (_states)
                {
                    return _states.ToList();
                }
            }
        }

        public void Add(CircuitState state)
        {
            lock (_states)
            {
                _states.Add(state);
            }

            _signal.Release();
        }

        public async Task WaitForAsync(int count)
        {
            while (States.Count < count)
            {
                Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(60)), $"expected {count} breaker events, saw {States.Count}");
            }
        }
    }
}
