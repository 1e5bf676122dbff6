using Inference.Selection;

namespace Inference.Verifiers.Tests;

public class PatternVerifierTests
{
    private static readonly VerificationRequest Request = new("prompt", "42");

    public static TheoryData<string, VerdictStatus, string> RegexCases => new()
    {
        { "The answer is 42.", VerdictStatus.Accepted, "all patterns satisfied" },
        { "the answer is 42 but I am not sure", VerdictStatus.Rejected, "matches forbidden pattern 'not sure'" },
        { "It is 42.", VerdictStatus.Rejected, @"does not match required pattern '(?i)answer is'" },
        { "The answer is forty-two", VerdictStatus.Rejected, @"does not match required pattern '\d+'" },
    };

    [Theory]
    [MemberData(nameof(RegexCases))]
    public async Task RegexVerifierChecksMustAndMustNotPatterns(string text, VerdictStatus status, string reason)
    {
        var verifier = new RegexVerifier("format", mustMatch: ["(?i)answer is", @"\d+"], mustNotMatch: ["not sure"]);
        var verdict = (await verifier.VerifyAsync(Request, Candidates.Texts(text), default))[0];
        Assert.Equal((status, reason), (verdict.Status, verdict.Reason));
    }

    [Fact]
    public async Task RegexTimeoutLeavesTheCandidateUnverified()
    {
        var verifier = new RegexVerifier("evil", mustMatch: ["^(a+)+$"], matchTimeout: TimeSpan.FromMilliseconds(20));
        var verdict = (await verifier.VerifyAsync(Request, Candidates.Texts(new string('a', 40) + "!"), default))[0];
        Assert.Equal(VerdictStatus.Unverified, verdict.Status);
        Assert.Equal("pattern '^(a+)+$' timed out after 20 ms", verdict.Reason);
    }

    [Fact]
    public void BadRegexConfigurationIsATypedError()
    {
        Assert.Contains("invalid must-match pattern '(x'", Assert.Throws<InvalidVerifierConfigurationException>(
            () => new RegexVerifier("r", mustMatch: ["(x"])).Message);
        Assert.Contains("has no patterns", Assert.Throws<InvalidVerifierConfigurationException>(() => new RegexVerifier("r")).Message);
        Assert.Throws<InvalidVerifierConfigurationException>(() => new RegexVerifier("r", mustNotMatch: [""]));
    }

    [Theory]
    [InlineData("""{"answer": 42}""", VerdictStatus.Accepted)]
    [InlineData("```json\n{\"answer\": 42}\n```", VerdictStatus.Accepted)]
    [InlineData("""{"answer": "42"}""", VerdictStatus.Rejected)]
    [InlineData("""{"answer": 42""", VerdictStatus.Rejected)]
    [InlineData("Sure! Here it is: {\"answer\": 42}", VerdictStatus.Rejected)]
    public async Task JsonVerifierParsesAndValidates(string text, VerdictStatus status)
    {
        var verifier = new JsonSchemaVerifier("json", """{"type":"object","required":["answer"],"properties":{"answer":{"type":"integer"}}}""");
        var verdict = (await verifier.VerifyAsync(Request, Candidates.Texts(text), default))[0];
        Assert.Equal(status, verdict.Status);
        if (text.StartsWith("Sure", StringComparison.Ordinal))
        {
            Assert.StartsWith("response is not valid JSON", verdict.Reason);
        }
    }

    [Fact]
    public async Task JsonVerifierDepthLimitRejectsInsteadOfCrashing()
    {
        var verifier = new JsonSchemaVerifier("json", "true", maxDepth: 8);
        var deep = new string('[', 100) + new string(']', 100);
        var verdict = (await verifier.VerifyAsync(Request, Candidates.Texts(deep), default))[0];
        Assert.Equal(VerdictStatus.Rejected, verdict.Status);
    }

    [Theory]
    [InlineData("#### 42", VerdictStatus.Accepted)]
    [InlineData("#### 42.0", VerdictStatus.Accepted)]
    [InlineData("The answer is $42.", VerdictStatus.Accepted)]
    [InlineData("#### 41", VerdictStatus.Rejected)]
    [InlineData("no idea", VerdictStatus.Rejected)]
    public async Task AnswerCheckerComparesWithTheReferenceUsingSelectionNormalization(string text, VerdictStatus status)
    {
        var verdict = (await new AnswerCheckVerifier().VerifyAsync(Request, Candidates.Texts(text), default))[0];
        Assert.Equal(status, verdict.Status);
    }

    [Fact]
    public async Task AnswerCheckerWithoutAReferenceIsUnverified()
    {
        var verdict = (await new AnswerCheckVerifier().VerifyAsync(new VerificationRequest("p"), Candidates.Texts("#### 1"), default))[0];
        Assert.Equal(Verdict.Unverified("no reference answer was supplied"), verdict);
    }
}
