using Inference.Selection;

namespace Inference.Selection.Tests;

public class IncompleteBetaTests
{
    [Theory]
    [InlineData(0, 0, 0.5)]
    [InlineData(1, 0, 0.75)]
    [InlineData(3, 0, 0.9375)]
    [InlineData(4, 0, 0.96875)]
    [InlineData(2, 1, 0.6875)]               // P(Bin(4, 1/2) <= 2) = 11/16
    [InlineData(8, 2, 0.96728515625)]        // 1 - (55 + 11 + 1) / 2048
    [InlineData(5, 5, 0.5)]
    public void LeaderProbabilityKnownValues(int v1, int v2, double expected) =>
        Assert.Equal(expected, BetaStoppingRule.ProbabilityLeaderIsBetter(v1, v2), 14);

    [Theory]
    [InlineData(0.4, 2, 3, 0.5248)]          // 6*.4^2*.6^2 + 4*.4^3*.6 + .4^4
    [InlineData(0.3, 1, 1, 0.3)]
    [InlineData(0.7, 3, 1, 0.343)]           // x^a
    [InlineData(0.2, 1, 4, 0.5904)]          // 1 - (1-x)^b
    [InlineData(0.5, 7.5, 7.5, 0.5)]         // symmetry
    public void ContinuedFractionKnownValues(double x, double a, double b, double expected) =>
        Assert.Equal(expected, IncompleteBeta.Regularized(x, a, b), 12);

    [Fact]
    public void ExactIntegerSumAgreesWithTheContinuedFraction()
    {
        for (var a = 1; a <= 60; a++)
        {
            for (var b = 1; b <= 60; b++)
            {
                var exact = IncompleteBeta.RegularizedAtHalf(a, b);
                var cf = IncompleteBeta.Regularized(0.5, a, b);
                Assert.True(Math.Abs(exact - cf) < 1e-11, $"a={a} b={b}: {exact} vs {cf}");
            }
        }

        Assert.Equal(IncompleteBeta.Regularized(0.5, 2001, 1901), IncompleteBeta.RegularizedAtHalf(2001, 1901), 9);
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        double factorial = 1;
        for (var n = 1; n <= 30; n++)
        {
            factorial *= n;
            Assert.Equal(Math.Log(factorial), IncompleteBeta.LogGamma(n + 1), 10);
        }

        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), IncompleteBeta.LogGamma(0.5), 12);
    }

    [Fact]
    public void InvalidParametersThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteBeta.Regularized(0.5, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteBeta.Regularized(1.5, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteBeta.RegularizedAtHalf(0, 1));
    }
}
