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
    public void FunctionToolsAndToolModesBecomeToolsAndToolChoiceOnTheWire()
    {
        var tool = AIFunctionFactory.Create((double a, double b) => a + b, "add", "Adds.");
        var request = ChatOptionsMapping.ToInferenceOptions(new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("add") }).ToChatRequest();
        var wire = request.Tools!.Value[0];
        Assert.Equal("function", wire.GetProperty("type").GetString());
        Assert.Equal("add", wire.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Adds.", wire.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("object", wire.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal("add", request.ToolChoice!.Value.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("required", ChatOptionsMapping.ToolChoice(ChatToolMode.RequireAny)!.Value.GetString());
        Assert.Equal("none", ChatOptionsMapping.ToolChoice(ChatToolMode.None)!.Value.GetString());
        Assert.Equal("auto", ChatOptionsMapping.ToolChoice(ChatToolMode.Auto)!.Value.GetString());
        Assert.Null(ChatOptionsMapping.ToolChoice(null));
    }

    [Fact]
    public void FunctionCallsAndResultsBecomeAssistantToolCallsAndToolMessages()
    {
        var wire = ChatMessageWire.ToWire([
            new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Add 1 and 2."),
            new Microsoft.Extensions.AI.ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })]),
            new Microsoft.Extensions.AI.ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", 3)]),
        ]);
        Assert.Equal(["user", "assistant", "tool"], wire.Select(m => m.Role));
        var call = Assert.Single(wire[1].ToolCalls!);
        Assert.Equal(("call_1", "add", """{"a":1,"b":2}"""), (call.Id, call.Function!.Name, call.Function.Arguments));
        Assert.Null(wire[1].Content);
        Assert.Equal("call_1", wire[2].ToolCallId);
        Assert.Equal("3", wire[2].Content!.Value.GetString());
    }
}
