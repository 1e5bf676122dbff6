using Inference.Selection;

namespace Inference.Selection.Tests;

public class StoppingTests
{
    private static List<AnswerKey?> Keys(params string?[] answers) =>
        answers.Select(a => a is null ? null : AnswerNormalizer.Normalize(a)).ToList();

    [Fact]
    public void BetaRuleStopsOnceTheLeaderIsClearAndIgnoresUnanswered()
    {
        var rule = new BetaStoppingRule();
        Assert.False(rule.Check(Keys("5", "5", "5")).Stop);                    // 0.9375
        Assert.True(rule.Check(Keys("5", "5.0", "$5", "5")).Stop);             // 0.96875
        Assert.False(rule.Check(Keys("5", null, "5", null, "5", null)).Stop);
        Assert.False(rule.Check(Keys("5", "5", "5", "5", "7", "5")).Stop);     // 5 vs 1: P(Bin(7,.5) <= 5) = 0.9375
        Assert.True(rule.Check(Keys("5", "5", "5", "5", "7", "5", "5", "5")).Stop); // 7 vs 1: 0.98
        Assert.Contains("votes 4 vs 0", rule.Check(Keys("5", "5", "5", "5")).Detail);
        Assert.False(rule.Check(Keys(null, null)).Stop);
    }

    [Fact]
    public void WindowRuleNeedsTheLastWAnswersPresentAndIdentical()
    {
        var rule = new WindowStoppingRule(5);
        Assert.True(rule.Check(Keys("1", "2", "3", "3", "3.0", "3", "3")).Stop);
        Assert.False(rule.Check(Keys("3", "3", null, "3", "3")).Stop);
        Assert.False(rule.Check(Keys("3", "3", "3", "3")).Stop);
        Assert.False(rule.Check(Keys("3", "3", "3", "3", "4")).Stop);
    }

    [Fact]
    public void StopperReportsSamplesUsedAndTheRuleThatFired()
    {
        var stopper = AdaptiveStopper.AdaptiveConsistency();
        var answers = new List<AnswerKey?>();
        var stream = new[] { "4", "4", "9", "4", "4", "4", "4", "4", "4", "4", "4" };
        var next = stopper.FirstWaveSize;
        StopDecision decision;
        do
        {
            answers.AddRange(Keys(stream.Skip(answers.Count).Take(next).ToArray()));
            decision = stopper.AfterWave(answers);
            next = decision.NextWaveSize;
        }
        while (!decision.Stop);

        // After 5: 4 vs 1 -> P(Bin(6,.5) <= 4) = 0.89; after 10: 9 vs 1 -> 0.994.
        Assert.Equal(("beta", 10), (decision.Rule, decision.SamplesUsed));
    }

    [Fact]
    public void StopperNeverPlansPastTheBudgetAndStopsWhenItIsSpent()
    {
        var stopper = new AdaptiveStopper(12, 5, [new BetaStoppingRule(), new WindowStoppingRule(5)]);
        var answers = new List<AnswerKey?>();
        var waves = new List<int>();
        var next = stopper.FirstWaveSize;
        StopDecision decision;
        do
        {
            waves.Add(next);
            for (var i = 0; i < next; i++)
            {
                answers.Add(AnswerNormalizer.Normalize((answers.Count % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            decision = stopper.AfterWave(answers);
            next = decision.NextWaveSize;
        }
        while (!decision.Stop);

        Assert.Equal([5, 5, 2], waves);
        Assert.Equal(("budget", 12), (decision.Rule, decision.SamplesUsed));
    }

    [Fact]
    public void WindowStopperStopsAtTheFirstUnanimousWave()
    {
        var stopper = AdaptiveStopper.EarlyStoppingSelfConsistency();
        var first = stopper.AfterWave(Keys("1", "2", "1", "1", "1"));
        var second = stopper.AfterWave(Keys("1", "2", "1", "1", "1", "1", "1", "1", "1", "1"));
        Assert.False(first.Stop);
        Assert.Equal(5, first.NextWaveSize);
        Assert.Equal(("window", 10), (second.Rule, second.SamplesUsed));
    }

    [Fact]
    public void InvalidSettingsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetaStoppingRule(0.4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowStoppingRule(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveStopper(0, 5, []));
    }
}
