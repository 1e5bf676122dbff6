namespace Inference.Selection;

/// <summary>Unbiased pass@k from n samples with c correct (Chen et al. 2021), in the numerically stable product form.</summary>
public static class PassAtK
{
    /// <summary>1 - C(n-c, k) / C(n, k) = 1 if n - c &lt; k, else 1 - prod_{j=n-c+1..n} (1 - k/j).</summary>
    public static double Estimate(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n - c < k)
        {
            return 1.0;
        }

        var product = 1.0;
        for (var j = n - c + 1; j <= n; j++)
        {
            product *= 1.0 - (double)k / j;
        }

        return 1.0 - product;
    }
}
