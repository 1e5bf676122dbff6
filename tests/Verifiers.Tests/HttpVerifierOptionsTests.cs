namespace Inference.Verifiers.Tests;

public class HttpVerifierOptionsTests
{
    private static readonly HttpVerifierOptions Valid = new() { Endpoint = new Uri("http://127.0.0.1:9/verify") };

    [Fact]
    public void DefaultsWithAnEndpointAreValid() => Assert.Empty(Valid.Validate());

    public static TheoryData<HttpVerifierOptions, string> Invalid => new()
    {
        { Valid with { Endpoint = null }, "Endpoint" },
        { Valid with { Endpoint = new Uri("ftp://host/x") }, "Endpoint" },
        { Valid with { Name = " " }, "Name" },
        { Valid with { TotalTimeout = TimeSpan.Zero }, "TotalTimeout" },
        { Valid with { AttemptTimeout = TimeSpan.FromMilliseconds(1) }, "AttemptTimeout" },
        { Valid with { MaxRetryAttempts = -1 }, "MaxRetryAttempts" },
        { Valid with { RetryBaseDelay = TimeSpan.FromSeconds(10) }, "RetryMaxDelay" },
        { Valid with { BreakerFailureRatio = 0 }, "BreakerFailureRatio" },
        { Valid with { BreakerMinimumThroughput = 1 }, "BreakerMinimumThroughput" },
        { Valid with { BreakerBreakDuration = TimeSpan.FromMilliseconds(100) }, "BreakerBreakDuration" },
        { Valid with { MaxDegreeOfParallelism = 0 }, "MaxDegreeOfParallelism" },
        { Valid with { AcceptThreshold = double.NaN }, "AcceptThreshold" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidOptionsAreRefusedNamingTheField(HttpVerifierOptions options, string field)
    {
        var ex = Assert.Throws<InvalidVerifierConfigurationException>(() => HttpVerifiers.Create(options));
        Assert.Contains(field, ex.Message);
    }
}
