using Inference.Selection;

namespace Inference.Selection.Tests;

public class NormalizationTests
{
    [Theory]
    [InlineData("72", 72.0)]
    [InlineData("1,234", 1234.0)]
    [InlineData("$1,234.00", 1234.0)]
    [InlineData("\\$5", 5.0)]
    [InlineData("12.0", 12.0)]
    [InlineData("18.", 18.0)]
    [InlineData("-3.5", -3.5)]
    [InlineData("\u22127", -7.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1,234,567.89", 1234567.89)]
    [InlineData("18 dollars", 18.0)]
    [InlineData("50%", 50.0)]
    [InlineData("3/4", 0.75)]
    [InlineData("\\frac{1}{2}", 0.5)]
    [InlineData("-\\dfrac{3}{4}", -0.75)]
    [InlineData("1,\\!000", 1000.0)]
    [InlineData("10\\%", 10.0)]
    [InlineData("90^\\circ", 90.0)]
    [InlineData("18\\text{ dollars}", 18.0)]
    public void NumbersParse(string raw, double expected)
    {
        var key = AnswerNormalizer.Normalize(raw);
        Assert.True(key.IsNumeric, $"'{raw}' should be numeric, got text '{key.Text}'");
        Assert.Equal(expected, key.Number!.Value, 9);
    }

    [Theory]
    [InlineData("Paris", "paris")]
    [InlineData("  New   York\tCity ", "new york city")]
    [InlineData("5x", "5x")]
    [InlineData("1,23", "1,23")]
    [InlineData("x = 3, y = 4", "x = 3, y = 4")]
    [InlineData("3/0", "3/0")]
    public void NonNumbersFoldWhitespaceAndCase(string raw, string expected)
    {
        var key = AnswerNormalizer.Normalize(raw);
        Assert.False(key.IsNumeric);
        Assert.Equal(expected, key.Text);
    }

    [Theory]
    [InlineData("1,234", "1234.0", true)]
    [InlineData("$1,234.00", "1234", true)]
    [InlineData("100000", "100005", true)]   // relative difference 5e-5
    [InlineData("100000", "100020", false)]  // 2e-4
    [InlineData("0", "0.0", true)]
    [InlineData("0", "0.00001", false)]
    [InlineData("-5", "5", false)]
    [InlineData("Paris", " PARIS ", true)]
    [InlineData("5", "five", false)]
    public void Equivalence(string a, string b, bool equivalent) =>
        Assert.Equal(equivalent, AnswerNormalizer.Normalize(a).IsEquivalentTo(AnswerNormalizer.Normalize(b)));

    [Fact]
    public void GroupingJoinsTheFirstEquivalentRepresentativeSoChainsDoNotMerge()
    {
        // 1.00000 ~ 1.00008 ~ 1.00016, but 1.00000 !~ 1.00016: the third starts its own class.
        var pool = Pools.Of(Pools.C(0, "1.00000"), Pools.C(1, "1.00008"), Pools.C(2, "1.00016"), Pools.C(3, "1.00001"), Pools.C(4, null));
        var grouping = AnswerClasses.Group(pool);
        Assert.Equal(2, grouping.Classes.Count);
        Assert.Equal([0, 1, 3], grouping.Classes[0].Members.Select(m => m.Index));
        Assert.Equal([2], grouping.Classes[1].Members.Select(m => m.Index));
        Assert.Single(grouping.Unanswered);
    }
}
