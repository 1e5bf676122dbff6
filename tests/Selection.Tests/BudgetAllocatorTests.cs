namespace Inference.Selection.Tests;

public class BudgetAllocatorTests
{
    private static List<AnswerKey?> Keys(params string?[] answers) =>
        answers.Select(a => a is null ? null : AnswerNormalizer.Normalize(a)).ToList();

    [Fact]
    public void TheNextWaveGoesToTheLeastSettledPromptsFirst()
    {
        var allocator = new BudgetAllocator(budget: 16, prompts: 3, waveSize: 4, maxPerPrompt: 16);
        Assert.Equal([4, 4, 4], allocator.FirstWave());
        // Prompt 0 unanimous (4 vs 0: 0.969 >= 0.95, settled), prompt 1 split 2-2 (0.5), prompt 2 leaning 3-1 (0.8125).
        var wave = allocator.NextWave([Keys("1", "1", "1", "1"), Keys("1", "2", "1", "2"), Keys("7", "7", "7", "8")]);
        Assert.Equal([0, 4, 0], wave); // 4 samples remain: the split prompt gets them
        Assert.Equal(0.96875, allocator.Confidence[0], 5);
        Assert.Equal(0.5, allocator.Confidence[1], 5);
        Assert.Equal(0.8125, allocator.Confidence[2], 5);
        Assert.Equal(16, allocator.Used);
        Assert.Equal([0, 0, 0], allocator.NextWave([Keys("1", "1", "1", "1"), Keys("1", "2", "1", "2", "1", "1", "1", "1"), Keys("7", "7", "7", "8")]));
    }

    [Fact]
    public void EndsWhenEveryPromptIsSettledAndNeverPassesTheCaps()
    {
        var allocator = new BudgetAllocator(budget: 100, prompts: 2, waveSize: 5, maxPerPrompt: 8);
        Assert.Equal([5, 5], allocator.FirstWave());
        Assert.Equal([3, 0], allocator.NextWave([Keys("1", "2", "3", "4", "5"), Keys("9", "9", "9", "9", "9")])); // capped at 8
        Assert.Equal([0, 0], allocator.NextWave([Keys("1", "2", "3", "4", "5", "6", "7", "8"), Keys("9", "9", "9", "9", "9")]));
        Assert.True(allocator.Settled(0));
        Assert.True(allocator.Settled(1));
    }

    [Fact]
    public void ABudgetBelowOneWavePerPromptIsSharedEvenlyAndUnansweredPromptsStayOpen()
    {
        var allocator = new BudgetAllocator(budget: 7, prompts: 3, waveSize: 4, maxPerPrompt: 16);
        Assert.Equal([2, 2, 2], allocator.FirstWave());
        Assert.Equal([1, 0, 0], allocator.NextWave([Keys(null, null), Keys("3", "4"), Keys("3", "3")]));
        Assert.Equal(0, allocator.Confidence[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetAllocator(budget: 2, prompts: 3, waveSize: 4, maxPerPrompt: 16));
    }

    [Fact]
    public void AllocatingAtRandomNeverExceedsTheBudget()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var prompts = random.Next(1, 12);
            var budget = random.Next(prompts, 200);
            var allocator = new BudgetAllocator(budget, prompts, random.Next(1, 9), random.Next(1, 40));
            var answers = Enumerable.Range(0, prompts).Select(_ => new List<AnswerKey?>()).ToArray();
            var wave = allocator.FirstWave();
            while (wave.Any(n => n > 0))
            {
                for (var p = 0; p < prompts; p++)
                    for (var i = 0; i < wave[p]; i++) answers[p].Add(AnswerNormalizer.Normalize(random.Next(3).ToString()));
                Assert.True(allocator.Used <= budget);
                wave = allocator.NextWave(answers);
            }
            Assert.True(allocator.Used <= budget);
            Assert.All(allocator.Allocated, (a, p) => Assert.True(a <= allocator.MaxPerPrompt && a == answers[p].Count));
        }
    }
}
