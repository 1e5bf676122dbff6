using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;
using Inference.Verifiers;
using Xunit.Abstractions;

namespace Inference.Pipeline.Tests;

/// <summary>The bundled models through the project's own loader, tokenizer, engine and pipeline.</summary>
public sealed class BundledModelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MajorityOfSixteenBeatsASingleSampleOnHeldOutProblems()
    {
        var lm = BundledModels.Lm;
        await using var scheduler = new GenerationScheduler(lm, new SchedulerOptions { MaxBatchRows = 128, MaxQueuedRequests = 256 });
        var pipeline = new TestTimeScalingPipeline(scheduler);
        var problems = BundledModels.EvalProblems.Take(100).ToArray();
        var runs = await Task.WhenAll(problems.Select((p, i) =>
        {
            var rendered = lm.ApplyChatTemplate([new ChatMessage("user", p.Prompt)]);
            return pipeline.RunAsync(new PipelineRequest(lm.Tokenizer.Encode(rendered, addSpecialTokens: false), p.Prompt, rendered,
                new SamplingParams { Temperature = 1.0, MaxTokens = 120, Seed = 1000 + (i * 16) },
                new TestTimeScalingOptions { Strategy = "majority", Samples = 16, Answer = new AnswerExtractionSpec(AnswerFormat.Hash) }));
        }));
        double passAt1 = 0;
        var majority = 0;
        for (var i = 0; i < problems.Length; i++)
        {
            var reference = AnswerNormalizer.Normalize(problems[i].Answer);
            var correct = runs[i].Candidates.Count(c => c.Answer is { } a && a.Key.IsEquivalentTo(reference));
            passAt1 += correct / 16.0;
            if (runs[i].Selection.Best?.Answer is { } chosen && chosen.Key.IsEquivalentTo(reference)) majority++;
        }
        passAt1 /= problems.Length;
        var majorityRate = majority / (double)problems.Length;
        output.WriteLine($"pass@1 (mean over 16 samples) {passAt1:P1}, majority@16 {majorityRate:P1}");
        Assert.True(majorityRate >= passAt1 + 0.05, $"majority@16 {majorityRate:P1} vs pass@1 {passAt1:P1}");
    }
}
