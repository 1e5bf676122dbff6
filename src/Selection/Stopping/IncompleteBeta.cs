using System.Numerics;

namespace Inference.Selection;

/// <summary>The regularized incomplete beta function I_x(a, b) = P(X &lt;= x) for X ~ Beta(a, b).</summary>
public static class IncompleteBeta
{
    /// <summary>
    /// General a, b &gt; 0: the continued fraction of Numerical Recipes (modified Lentz), evaluated directly when
    /// x &lt; (a+1)/(a+b+2), where it converges fast, and through I_x(a,b) = 1 - I_{1-x}(b,a) otherwise.
    /// </summary>
    public static double Regularized(double x, double a, double b)
    {
        if (!(a > 0) || !(b > 0) || double.IsInfinity(a) || double.IsInfinity(b))
        {
            throw new ArgumentOutOfRangeException(nameof(a), $"Beta parameters must be positive and finite, got a = {a}, b = {b}.");
        }

        if (!(x is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be in [0, 1].");
        }

        if (x == 0 || x == 1)
        {
            return x;
        }

        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(x, a, b) / a
            : 1 - (Math.Exp(logFront) * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>
    /// Exact I_x(a, b) for positive integer a, b at x = 1/2: with n = a + b - 1, I_{1/2}(a, b) = P(Bin(n, 1/2) &gt;= a)
    /// = sum_{j=a..n} C(n, j) / 2^n, summed with big integers so nothing underflows or cancels.
    /// </summary>
    public static double RegularizedAtHalf(int a, int b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(a, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(b, 1);
        var n = a + b - 1;
        BigInteger binomial = 1; // C(n, 0)
        BigInteger below = 0;    // sum_{j < a} C(n, j)
        for (var j = 0; j < a; j++)
        {
            below += binomial;
            binomial = binomial * (n - j) / (j + 1);
        }

        var total = BigInteger.One << n;
        return Ratio(total - below, total);
    }

    /// <summary>Lanczos approximation (g = 7, n = 9) of ln Gamma(x) for x &gt; 0; relative error around 1e-15.</summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        var t = x + 7.5;
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        const int maxIterations = 10_000;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= maxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                return h;
            }
        }

        throw new ArithmeticException($"The incomplete beta continued fraction did not converge for x = {x}, a = {a}, b = {b}.");
    }

    private static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero)
        {
            return 0;
        }

        // Scale to keep ~60 significant bits before converting, so huge n neither overflows nor loses precision.
        var shift = (long)denominator.GetBitLength() - 62;
        if (shift > 0)
        {
            return (double)(numerator >> (int)shift) / (double)(denominator >> (int)shift);
        }

        return (double)numerator / (double)denominator;
    }
}
