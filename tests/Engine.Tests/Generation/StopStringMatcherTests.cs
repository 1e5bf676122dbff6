using Inference.Engine.Generation;

namespace Inference.Engine.Tests.Generation;

public sealed class StopStringMatcherTests
{
    [Fact]
    public void StopAcrossDeltasIsNotEmittedAndTextBeforeItIs()
    {
        var m = new StopStringMatcher(["###", "END"]);
        Assert.Equal("abc", m.Add("abc"));
        Assert.Equal("", m.Add("#"));        // could start "###": held back
        Assert.Equal("", m.Add("#"));
        Assert.Equal("", m.Add("#tail"));     // completes the stop
        Assert.Equal("###", m.Matched);
        Assert.Equal("abc", m.Text);
        Assert.Equal("", m.Add("more"));
        Assert.Equal("", m.Flush());
    }

    [Fact]
    public void HeldBackTextIsReleasedWhenItCannotBeAStop()
    {
        var m = new StopStringMatcher(["STOP"]);
        Assert.Equal("x", m.Add("xST"));
        Assert.Equal("STx", m.Add("x"));
        Assert.Null(m.Matched);
        Assert.Equal("", m.Add("S"));
        Assert.Equal("S", m.Flush());
        Assert.Equal("xSTxS", m.Text);
    }

    [Fact]
    public void TheStopThatStartsFirstWinsAndTextBeforeItInTheSameDeltaIsEmitted()
    {
        var m = new StopStringMatcher(["b", "abc"]);
        Assert.Equal("x", m.Add("xabc"));
        Assert.Equal("abc", m.Matched);
        Assert.Equal("x", m.Text);
    }

    [Fact]
    public void NoStopsEmitsEverything()
    {
        var m = new StopStringMatcher([]);
        Assert.Equal("hello", m.Add("hello"));
        Assert.Equal("", m.Flush());
    }
}
