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

    [Fact]
    public void MatchesANaiveWholeTextSearchOnRandomDeltas()
    {
        // Reference: after each delta, search the whole text so far; the first stop to complete ends the text at its
        // earliest start. The matcher only looks at a window near the unemitted end, so this checks the window.
        var random = new Random(7);
        string Word(int min, int max) => new(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => "abc"[random.Next(3)]).ToArray());
        for (var trial = 0; trial < 3000; trial++)
        {
            var stops = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Word(1, 5)).ToArray();
            var deltas = Enumerable.Range(0, random.Next(1, 30)).Select(_ => Word(0, 4)).ToArray();
            var m = new StopStringMatcher(stops);
            var output = string.Concat(deltas.Select(m.Add)) + m.Flush();

            var (expected, matched) = (string.Concat(deltas), (string?)null);
            var soFar = "";
            foreach (var delta in deltas)
            {
                soFar += delta;
                var hits = stops.Select(stop => (at: soFar.IndexOf(stop, StringComparison.Ordinal), stop)).Where(h => h.at >= 0).ToArray();
                if (hits.Length == 0) continue;
                var first = hits.OrderBy(h => h.at).First();
                (expected, matched) = (soFar[..first.at], first.stop);
                break;
            }
            Assert.True(expected == output, $"stops [{string.Join(",", stops)}], deltas [{string.Join("|", deltas)}]: got '{output}', expected '{expected}'");
            Assert.Equal(matched is null ? null : expected, matched is null ? null : m.Text);
            Assert.Equal(matched, m.Matched);
        }
    }
}
