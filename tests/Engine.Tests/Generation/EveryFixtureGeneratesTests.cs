using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Generation;

/// <summary>Every discovered interface (combined/separate KV, int32/int64 ids, fp32/fp16) drives the scheduler.</summary>
public sealed class EveryFixtureGeneratesTests
{
    public static IEnumerable<object[]> Models() => ModelFixtures.DecoderModels().Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Models))]
    public async Task GeneratesSeededSamplesWithEveryInterface(string model)
    {
        var package = ModelFixtures.Load(model);
        await using var scheduler = new GenerationScheduler(package);
        var prompt = new[] { 3, 14, 15, 92, 65 }.Select(i => i % package.Descriptor.VocabSize).ToArray();
        var p = new SamplingParams { Seed = 2, MaxTokens = 16, TopK = 20, TopP = 0.95, IgnoreEos = true };
        var first = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 3, Sampling = p });
        var again = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 3, Sampling = p });
        Assert.All(first.Samples, s => Assert.Equal(16, s.Length));
        Assert.Equal(first.Samples.Select(s => s.TokenIds), again.Samples.Select(s => s.TokenIds));
        Assert.True(first.Samples.Select(s => string.Join(",", s.TokenIds)).Distinct().Count() > 1);
        Assert.All(first.Samples.SelectMany(s => s.TokenIds), id => Assert.InRange(id, 0, package.Descriptor.VocabSize - 1));
    }
}
