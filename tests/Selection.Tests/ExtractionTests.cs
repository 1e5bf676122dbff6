using Inference.Selection;

namespace Inference.Selection.Tests;

public class ExtractionTests
{
    [Theory]
    [InlineData("Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips.\n#### 72", "72")]
    [InlineData("#### 1,234", "1,234")]
    [InlineData("first #### 5\nthen #### -3.5", "-3.5")]
    [InlineData("#### $1,234.00 total", "$1,234.00 total")]
    [InlineData("no marker here 42", null)]
    [InlineData("####   \n", null)]
    public void Hash(string text, string? expected) =>
        Assert.Equal(expected, new HashAnswerExtractor().Extract(text)?.Raw);

    [Theory]
    [InlineData("So the answer is 18.", "18")]
    [InlineData("The answer is 3.75. Done.", "3.75")]
    [InlineData("The final answer is: $1,234.00", "$1,234.00")]
    [InlineData("The answer is 5. Wait, no. The answer is -7.", "-7")]
    [InlineData("Therefore, the answer is \\boxed{\\frac{1}{2}}.", "\\frac{1}{2}")]
    [InlineData("THE ANSWER IS Paris", "Paris")]
    [InlineData("I am not sure.", null)]
    public void AnswerIs(string text, string? expected) =>
        Assert.Equal(expected, new AnswerIsExtractor().Extract(text)?.Raw);

    [Theory]
    [InlineData("so $\\boxed{42}$", "42")]
    [InlineData("\\boxed{1} and later \\boxed{2}", "2")]
    [InlineData("\\boxed{\\frac{a^{2}}{b_{1}}}", "\\frac{a^{2}}{b_{1}}")]
    [InlineData("\\boxed{x+{y+{z}}} tail", "x+{y+{z}}")]
    [InlineData("\\boxed{7} then unbalanced \\boxed{8", "7")]
    [InlineData("\\fbox{9}", "9")]
    [InlineData("\\boxed{}", null)]
    [InlineData("nothing boxed", null)]
    public void Boxed(string text, string? expected) =>
        Assert.Equal(expected, new BoxedAnswerExtractor().Extract(text)?.Raw);

    [Theory]
    [InlineData("He had 3 apples and bought 12 more, so 15.", "15")]
    [InlineData("The total is 1,234,567 dollars", "1,234,567")]
    [InlineData("temperature fell to -4.5 degrees", "-4.5")]
    [InlineData("about .5 of it", ".5")]
    [InlineData("costs $1,234.00", "1,234.00")]
    [InlineData("no digits", null)]
    public void LastNumber(string text, string? expected) =>
        Assert.Equal(expected, new LastNumberExtractor().Extract(text)?.Raw);

    [Theory]
    [InlineData("Step 1: 5 + 5 = 10\n#### 10", "10")]
    [InlineData("so the answer is 7. (checked 3 times)", "7")]
    [InlineData("we get \\boxed{12} after 4 steps", "12")]
    [InlineData("it ends with 99", "99")]
    [InlineData("no answer", null)]
    public void AutoCascadePrefersHashThenPhraseThenBoxedThenLastNumber(string text, string? expected) =>
        Assert.Equal(expected, AnswerExtractors.Create(AnswerExtractionSpec.Auto).Extract(text)?.Raw);

    [Fact]
    public void WholeTextIsTrimmedAndEmptyHasNoAnswer()
    {
        var extractor = AnswerExtractors.Create(new AnswerExtractionSpec(AnswerFormat.WholeText));
        Assert.Equal("Hello  World", extractor.Extract("  Hello  World \n")?.Raw);
        Assert.Null(extractor.Extract(" \n\t"));
    }

    [Fact]
    public void UserRegexUsesTheLastMatchOfTheNamedGroup()
    {
        var extractor = AnswerExtractors.Create(new AnswerExtractionSpec(AnswerFormat.Regex, @"ANSWER:\s*(?<answer>\w+)"));
        Assert.Equal("blue", extractor.Extract("ANSWER: red ... ANSWER: blue")?.Raw);
        Assert.Null(extractor.Extract("nothing"));
    }

    [Theory]
    [InlineData("(unclosed", "invalid")]
    [InlineData(@"ANSWER: (\d+)", "no named group 'answer'")]
    [InlineData("", "empty")]
    public void BadUserRegexIsATypedErrorNamingTheProblem(string pattern, string expectedFragment)
    {
        var ex = Assert.Throws<InvalidAnswerFormatException>(
            () => AnswerExtractors.Create(new AnswerExtractionSpec(AnswerFormat.Regex, pattern)));
        Assert.Contains(expectedFragment, ex.Message);
    }

    [Fact]
    public void CatastrophicBacktrackingIsBoundedByTheMatchTimeout()
    {
        var extractor = new RegexAnswerExtractor(@"^(?<answer>(a+)+)$", TimeSpan.FromMilliseconds(50));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(extractor.Extract(new string('a', 40) + "!"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void FormatNamesMapAndUnknownNamesAreTypedErrors()
    {
        Assert.Equal(AnswerFormat.Hash, AnswerExtractionSpec.FromName("gsm8k").Format);
        Assert.Equal(AnswerFormat.Boxed, AnswerExtractionSpec.FromName(" Boxed ").Format);
        Assert.Throws<InvalidAnswerFormatException>(() => AnswerExtractionSpec.FromName("lastnum"));
        Assert.Throws<InvalidAnswerFormatException>(
            () => AnswerExtractors.Create(new AnswerExtractionSpec(AnswerFormat.Boxed, "(?<answer>x)")));
    }
}
