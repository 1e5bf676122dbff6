using System.Text.Json;
using Inference.Engine.Packages;
using Inference.Engine.Sampling.Schedules;
using Inference.Pipeline;
using Microsoft.Extensions.AI;

namespace Inference.Client.Tests;

/// <summary>Every ChatOptions field and documented additional property maps onto the engine's parameters.</summary>
public sealed class ChatOptionsMappingTests
{
    [Fact]
    public void EveryFieldMaps()
    {
        var schedule = new ExploratoryAnnealedTemperature();
        var tts = new TestTimeScalingOptions { Strategy = "majority", Samples = 9 };
        var options = new ChatOptions
        {
            Temperature = 0.4f, TopP = 0.9f, TopK = 7, MaxOutputTokens = 33, StopSequences = ["END", "\n\n"], Seed = 1234,
            PresencePenalty = 0.5f, FrequencyPenalty = -0.25f,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [InferenceChatOptionKeys.N] = 3, [InferenceChatOptionKeys.MinP] = 0.05, [InferenceChatOptionKeys.RepetitionPenalty] = 1.1,
                [InferenceChatOptionKeys.Logprobs] = true, [InferenceChatOptionKeys.TopLogprobs] = 4,
                [InferenceChatOptionKeys.TemperatureSchedule] = schedule, [InferenceChatOptionKeys.TestTimeScaling] = tts,
                [InferenceChatOptionKeys.ReturnCandidates] = true,
            },
        };
        var mapped = ChatOptionsMapping.ToInferenceOptions(options);
        Assert.Equal(0.4, mapped.Temperature!.Value, 6);
        Assert.Equal(0.9, mapped.TopP!.Value, 6);
        Assert.Equal(7, mapped.TopK);
        Assert.Equal(33, mapped.MaxTokens);
        Assert.Equal(["END", "\n\n"], mapped.Stop);
        Assert.Equal(1234, mapped.Seed);
        Assert.Equal(0.5, mapped.PresencePenalty!.Value, 6);
        Assert.Equal(-0.25, mapped.FrequencyPenalty!.Value, 6);
        Assert.Equal(3, mapped.N);
        Assert.Equal(0.05, mapped.MinP);
        Assert.Equal(1.1, mapped.RepetitionPenalty);
        Assert.True(mapped.Logprobs);
        Assert.Equal(4, mapped.TopLogprobs);
        Assert.Same(schedule, mapped.TemperatureSchedule);
        Assert.Same(tts, mapped.TestTimeScaling);
        Assert.True(mapped.ReturnCandidates);

        var sampling = mapped.ToSamplingParams(new SearchDefaults(), 256);
        Assert.Equal(33, sampling.MaxTokens);
        Assert.Equal(7, sampling.TopK);
        Assert.Equal(1234, sampling.Seed);
        Assert.Same(schedule, sampling.TemperatureSchedule);
    }

    [Fact]
    public void TemperatureAloneEnablesSamplingAndDefaultsComeFromTheModel()
    {
        var onlyTemperature = ChatOptionsMapping.ToInferenceOptions(new ChatOptions { Temperature = 0.7f }).ToSamplingParams(new SearchDefaults(), 64);
        Assert.Equal(0.7, onlyTemperature.Temperature, 6);
        Assert.Equal(1.0, onlyTemperature.TopP);
        Assert.Equal(0, onlyTemperature.TopK);
        var defaults = ChatOptionsMapping.ToInferenceOptions(null).ToSamplingParams(new SearchDefaults { Temperature = 0.6, TopK = 40 }, 64);
        Assert.Equal(0.6, defaults.Temperature);
        Assert.Equal(40, defaults.TopK);
        Assert.Equal(64, defaults.MaxTokens);
    }

    [Fact]
    public void JsonSchemaResponseFormatBecomesAVerifierAndNeedsTestTimeScaling()
    {
        var schema = JsonDocument.Parse("""{"type":"object","required":["a"]}""").RootElement;
        var format = ChatResponseFormat.ForJsonSchema(schema, "answer");
        Assert.Throws<NotSupportedException>(() => ChatOptionsMapping.ToInferenceOptions(new ChatOptions { ResponseFormat = format }));
        var mapped = ChatOptionsMapping.ToInferenceOptions(new ChatOptions
        {
            ResponseFormat = format,
            AdditionalProperties = new() { [InferenceChatOptionKeys.TestTimeScaling] = new TestTimeScalingOptions { Strategy = "verifier" } },
        });
        var verifier = Assert.IsType<JsonSchemaVerifierSpec>(Assert.Single(mapped.TestTimeScaling!.Verifiers));
        Assert.Contains("required", verifier.Schema);
    }

    [Fact]
    public void ToolsAreRejectedClearly()
    {
        var tool = AIFunctionFactory.Create(() => 1, "one");
        Assert.Throws<NotSupportedException>(() => ChatOptionsMapping.ToInferenceOptions(new ChatOptions { Tools = [tool] }));
    }
}
