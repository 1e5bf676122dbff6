using Inference.Engine.Sampling.Schedules;

namespace Inference.Engine.Tests.Sampling;

public sealed class TemperatureScheduleTests
{
    [Fact]
    public void EadUsesTheReferenceCodesScaleByDefault()
    {
        var ead = new ExploratoryAnnealedTemperature();
        for (var t = 0; t < 10; t++) Assert.Equal(1.0, ead.At(t));
        // tau_t = max(1 + 1.2 - exp(t / (20 * 25)), 0.1)
        Assert.Equal(1 + 1.2 - Math.Exp(10 / 500.0), ead.At(10), 12);
        Assert.Equal(1 + 1.2 - Math.Exp(100 / 500.0), ead.At(100), 12);
        Assert.Equal(1 + 1.2 - Math.Exp(370 / 500.0), ead.At(370), 12);
        // Reaches tau_min after t* = 20 d ln(1 + tau_max - tau_min) ~ 371 tokens.
        var tStar = 20 * 25 * Math.Log(1 + 1.2 - 0.1);
        Assert.InRange(tStar, 370, 372);
        Assert.Equal(0.1, ead.At(372), 12);
        Assert.Equal(0.1, ead.At(5000), 12);
        for (var t = 10; t < 400; t++) Assert.True(ead.At(t + 1) <= ead.At(t));
    }

    [Fact]
    public void EadPaperFormHasScaleOne()
    {
        var paper = new ExploratoryAnnealedTemperature { Scale = 1, WarmupTokens = 10, MaxTemperature = 1.2, MinTemperature = 0.8, Decay = 25 };
        Assert.Equal(1.0, paper.At(9));
        Assert.Equal(Math.Max(2.2 - Math.Exp(10 / 25.0), 0.8), paper.At(10), 12);
        Assert.Equal(Math.Max(2.2 - Math.Exp(15 / 25.0), 0.8), paper.At(15), 12);
        Assert.Equal(0.8, paper.At(40), 12);
    }

    [Fact]
    public void LinearCosineAndExponential()
    {
        var linear = new LinearTemperature(1.5, 0.5, 100);
        Assert.Equal(1.5, linear.At(0), 12);
        Assert.Equal(1.0, linear.At(50), 12);
        Assert.Equal(0.5, linear.At(100), 12);
        Assert.Equal(0.5, linear.At(1000), 12);

        var cosine = new CosineTemperature(1.5, 0.5, 100);
        Assert.Equal(1.5, cosine.At(0), 12);
        Assert.Equal(1.0, cosine.At(50), 12);
        Assert.Equal(0.5 + (0.5 * (1 + Math.Cos(Math.PI * 0.25))), cosine.At(25), 12);
        Assert.Equal(0.5, cosine.At(100), 12);

        var exponential = new ExponentialTemperature(1.2, 0.99, 0.3);
        Assert.Equal(1.2, exponential.At(0), 12);
        Assert.Equal(1.2 * Math.Pow(0.99, 10), exponential.At(10), 12);
        Assert.Equal(0.3, exponential.At(1000), 12);

        Assert.Equal(0.7, new ConstantTemperature(0.7).At(123));
    }
}
