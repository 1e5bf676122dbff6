using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// One request at a time, greedy decoding reproduces each fixture's greedy_reference.json: ids that
/// onnxruntime-genai 0.20 (builder exports) and a full-recompute loop in ONNX Runtime produced
/// (tests/fixtures/oracle/GenAiReference). Requests run one after another, never batched together.
/// </summary>
public sealed class GreedyReferenceTests
{
    public static TheoryData<string> Fixtures() =>
        ["gqa-fp32", "gqa-int4", "mha-fp16", "tiny-llama/fp32", "tiny-llama/fp16", "tiny-random-gpt2-fp32"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task EachPromptAloneDecodesTheReferenceIds(string fixture)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(ModelFixtures.Path(Path.Combine(fixture, "greedy_reference.json"))));
        using var package = ModelPackage.Load(ModelFixtures.Path(fixture), new ModelPackageOptions { IntraOpThreads = 1 });
        await using var scheduler = new GenerationScheduler(package);
        foreach (var c in reference.RootElement.GetProperty("cases").EnumerateArray())
        {
            var prompt = c.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var expected = c.GetProperty("generated_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var stopped = c.GetProperty("stopped_at_eos").GetBoolean();
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = prompt,
                Sampling = new SamplingParams { Temperature = 0, MaxTokens = expected.Length + (stopped ? 1 : 0) },
            });
            Assert.Equal(expected, result.Samples[0].TokenIds);
            Assert.Equal(stopped ? FinishReason.Stop : FinishReason.Length, result.Samples[0].FinishReason);
        }
    }
}
