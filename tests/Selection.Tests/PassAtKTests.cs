using System.Numerics;
using Inference.Selection;

namespace Inference.Selection.Tests;

public class PassAtKTests
{
    [Fact]
    public void MatchesExactCombinatoricsOnAllSmallCases()
    {
        for (var n = 1; n <= 25; n++)
        {
            for (var c = 0; c <= n; c++)
            {
                for (var k = 1; k <= n; k++)
                {
                    var exact = 1.0 - Ratio(Binomial(n - c, k), Binomial(n, k));
                    Assert.True(Math.Abs(PassAtK.Estimate(n, c, k) - exact) < 1e-12, $"n={n} c={c} k={k}");
                }
            }
        }
    }

    [Fact]
    public void KnownValues()
    {
        Assert.Equal(0.3, PassAtK.Estimate(10, 3, 1), 12);
        Assert.Equal(1 - (7.0 * 6 / (10 * 9)), PassAtK.Estimate(10, 3, 2), 12);
        Assert.Equal(1.0, PassAtK.Estimate(10, 9, 2));
        Assert.Equal(0.0, PassAtK.Estimate(10, 0, 5));
        // Large n stays in range where the binomial form would overflow doubles.
        Assert.InRange(PassAtK.Estimate(10_000, 17, 100), 0.0, 1.0);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(5, 6, 1)]
    [InlineData(5, 2, 6)]
    [InlineData(5, 2, 0)]
    [InlineData(5, -1, 1)]
    public void InvalidArgumentsThrow(int n, int c, int k) =>
        Assert.ThrowsAny<ArgumentException>(() => PassAtK.Estimate(n, c, k));

    private static BigInteger Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return BigInteger.Zero;
        }

        BigInteger result = 1;
        for (var i = 0; i < k; i++)
        {
            result = result * (n - i) / (i + 1);
        }

        return result;
    }

    private static double Ratio(BigInteger num, BigInteger den) => (double)(num * BigInteger.Pow(10, 18) / den) / 1e18;
}
