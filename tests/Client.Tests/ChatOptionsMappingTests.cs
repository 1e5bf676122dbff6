using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Packages;
using Inference.Pipeline.Requests;
using Inference.Protocol;
using Microsoft.Extensions.AI;

namespace Inference.Client.Tests;

/// <summary>Every ChatOptions field and documented additional property maps onto the wire request both clients resolve.</summary>
public sealed class ChatOptionsMappingTests
{
    [Fact]
    public void EveryFieldMapsOntoTheWireRequest()
    {
        var tts = new TestTimeScalingRequest { Strategy = "majority", Samples = 9, TemperatureSchedule = new EadScheduleRequest { Decay = 10 }, ReturnCandidates = true };
        var options = new ChatOptions
        {
            Temperature = 0.4f, TopP = 0.9f, TopK = 7, MaxOutputTokens = 33, StopSequences = ["END", "\n\n"], Seed = 1234,
            PresencePenalty = 0.5f, FrequencyPenalty = -0.25f,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [InferenceChatOptionKeys.N] = 3, [InferenceChatOptionKeys.MinP] = 0.05, [InferenceChatOptionKeys.RepetitionPenalty] = 1.1,
                [InferenceChatOptionKeys.Logprobs] = true, [InferenceChatOptionKeys.TopLogprobs] = 4, [InferenceChatOptionKeys.TestTimeScaling] = tts,
            },
        };
        var mapped = ChatOptionsMapping.ToInferenceOptions(options);
        Assert.Same(tts, mapped.TestTimeScaling);
        var wire = JsonNode.Parse(JsonSerializer.Serialize(mapped.ToChatRequest("m", [("user", "hi")]), ProtocolJsonContext.Default.ChatCompletionRequest))!;
        var expected = JsonNode.Parse("""
            {"model":"m","n":3,"temperature":0.4000000059604645,"top_p":0.8999999761581421,"max_tokens":33,"stop":["END","\n\n"],"seed":1234,
             "presence_penalty":0.5,"frequency_penalty":-0.25,"top_k":7,"min_p":0.05,"repetition_penalty":1.1,
             "test_time_scaling":{"strategy":"majority","samples":9,"temperature_schedule":{"type":"ead","decay":10},"return_candidates":true},
             "messages":[{"role":"user","content":"hi"}],"logprobs":true,"top_logprobs":4}
            """)!;
        Assert.True(JsonNode.DeepEquals(expected, wire), wire.ToJsonString());
    }

    [Fact]
    public void TemperatureAloneEnablesSamplingAndDefaultsComeFromTheModel()
    {
        var onlyTemperature = ChatOptionsMapping.ToInferenceOptions(new ChatOptions { Temperature = 0.7f }).ToChatRequest();
        Assert.Equal(0.7, onlyTemperature.Temperature!.Value, 6);
        Assert.Null(onlyTemperature.TopP);
        Assert.Null(onlyTemperature.TopK);
        var model = new SearchDefaults { Temperature = 0.6, TopK = 40 };
        Assert.Equal(0.7, RequestDefaults.Temperature(onlyTemperature.Temperature, model), 6);
        Assert.Equal(0.6, RequestDefaults.Temperature(null, model));
        Assert.Equal(40, RequestDefaults.TopK(null, model));
        Assert.Equal(1.0, RequestDefaults.TopP(null, model));
        var limits = new RequestLimits { MaxTokens = 64 };
        Assert.Equal(64, RequestDefaults.MaxTokens(RequestEndpoint.Chat, 256, 35, limits));
        Assert.Equal(221, RequestDefaults.MaxTokens(RequestEndpoint.Chat, 256, 35, limits with { MaxTokens = 1024 }));
        Assert.Equal(16, RequestDefaults.MaxTokens(RequestEndpoint.Completions, 256, 35, limits));
    }

    [Fact]
    public void JsonResponseFormatsBecomeResponseFormatOnTheWire()
    {
        var schema = JsonDocument.Parse("""{"type":"object","required":["a"]}""").RootElement;
        var mapped = ChatOptionsMapping.ToInferenceOptions(new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer", "An answer.") });
        var format = Assert.IsType<JsonSchemaResponseFormat>(mapped.ResponseFormat);
        Assert.Equal("answer", format.JsonSchema!.Name);
        Assert.Equal("An answer.", format.JsonSchema.Description);
        Assert.True(format.JsonSchema.Strict);
        Assert.Contains("required", format.JsonSchema.Schema!.Value.GetRawText());
        Assert.Same(format, mapped.ToChatRequest().ResponseFormat);

        Assert.IsType<JsonObjectResponseFormat>(ChatOptionsMapping.ToInferenceOptions(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }).ResponseFormat);
        Assert.IsType<TextResponseFormat>(ChatOptionsMapping.ToInferenceOptions(new ChatOptions { ResponseFormat = ChatResponseFormat.Text }).ResponseFormat);
        Assert.Null(ChatOptionsMapping.ToInferenceOptions(new ChatOptions()).ResponseFormat);
    }

    [Fact]
    public void ToolsAreRejectedClearly()
    {
        var tool = AIFunctionFactory.Create(() => 1, "one");
        Assert.Throws<NotSupportedException>(() => ChatOptionsMapping.ToInferenceOptions(new ChatOptions { Tools = [tool] }));
    }
}
