using Inference.Engine.Sampling.Schedules;
using Inference.Eval.Data;
using Inference.Eval.Sampling;

namespace Inference.Tools.Tests.Eval;

public class ScheduleSpecTests
{
    [Fact]
    public void Parses_constant_and_ead_with_overrides()
    {
        var constant = ScheduleSpec.Parse("const:0.7");
        Assert.Equal("const0.7", constant.Name);
        Assert.Equal(0.7, constant.Schedule.At(50));

        var ead = Assert.IsType<ExploratoryAnnealedTemperature>(ScheduleSpec.Parse("ead:d=2,tau_min=0.2").Schedule);
        Assert.Equal(2, ead.Decay);
        Assert.Equal(0.2, ead.MinTemperature);
        Assert.Equal(20, ead.Scale);
        Assert.Equal("ead", ScheduleSpec.Parse("ead").Name);
        Assert.Equal("ead-d2-tau_min0.2", ScheduleSpec.Parse("ead:d=2,tau_min=0.2").Name);
    }

    [Theory]
    [InlineData("const")]
    [InlineData("const:-1")]
    [InlineData("ead:d=0")]
    [InlineData("ead:speed=3")]
    [InlineData("linear:1")]
    public void Rejects_bad_specs(string spec) => Assert.Throws<InvalidEvalInputException>(() => ScheduleSpec.Parse(spec));
}
