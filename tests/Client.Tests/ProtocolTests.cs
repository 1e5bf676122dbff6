using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Protocol;

namespace Inference.Client.Tests;

/// <summary>The typed test_time_scaling parts read from and write to the JSON the README documents.</summary>
public sealed class ProtocolTests
{
    private static TestTimeScalingRequest Read(string json) =>
        JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.TestTimeScalingRequest)!;

    [Fact]
    public void Every_documented_form_reads_as_its_type()
    {
        var tts = Read("""
            {"strategy":"bom","answer":{"pattern":"(?<answer>\\d+)"},
             "verifiers":["reward_model","my-service",{"rule":0,"type":"Regex","must_match":["a"]},{"type":"json_schema","schema":{"type":"object"}},
                          {"type":"external","name":"svc"},{"type":"reward_model","accept_threshold":0.5},{"type":"reference"}],
             "temperature_schedule":{"max_temperature":1.1,"type":"EXPLORATORY_ANNEALED","warmup_tokens":3},
             "early_stop":{"window":4,"rule":"esc"}}
            """);
        Assert.Equal("(?<answer>\\d+)", Assert.IsType<RegexAnswerFormat>(tts.Answer).Pattern);
        Assert.Equal("reward_model", Assert.IsType<NamedVerifierRequest>(tts.Verifiers![0]).Name);
        Assert.Equal("my-service", Assert.IsType<NamedVerifierRequest>(tts.Verifiers[1]).Name);
        var regex = Assert.IsType<RegexVerifierRequest>(tts.Verifiers[2]);
        Assert.Equal(["a"], regex.MustMatch!);
        Assert.Equal(["rule"], regex.UnknownFields!.Keys);
        Assert.Equal("object", Assert.IsType<JsonSchemaVerifierRequest>(tts.Verifiers[3]).Schema!.Value.GetProperty("type").GetString());
        Assert.Equal("svc", Assert.IsType<ExternalVerifierRequest>(tts.Verifiers[4]).Name);
        Assert.Equal(0.5, Assert.IsType<RewardModelVerifierRequest>(tts.Verifiers[5]).AcceptThreshold);
        Assert.IsType<ReferenceAnswerVerifierRequest>(tts.Verifiers[6]);
        var ead = Assert.IsType<EadScheduleRequest>(tts.TemperatureSchedule);
        Assert.Equal((1.1, 3), (ead.MaxTemperature!.Value, ead.WarmupTokens!.Value));
        Assert.Null(ead.UnknownFields);
        Assert.Equal(4, Assert.IsType<EscEarlyStopRequest>(tts.EarlyStop).Window);
    }

    [Fact]
    public void Fields_a_type_does_not_define_are_kept_for_validation_to_name()
    {
        var tts = Read("""{"samplez":4,"temperature_schedule":{"type":"ead","tau_min":-1},"early_stop":{"rule":"beta","window":3}}""");
        Assert.Equal(["samplez"], tts.UnknownFields!.Keys);
        Assert.Equal(["tau_min"], tts.TemperatureSchedule!.UnknownFields!.Keys);
        Assert.Equal(["window"], tts.EarlyStop!.UnknownFields!.Keys);
        Assert.Equal(["type", "max_temperature", "min_temperature", "decay", "scale", "warmup_tokens"],
            WireFields.Of(typeof(EadScheduleRequest)));
    }

    [Fact]
    public void Unknown_kinds_read_so_that_validation_can_list_the_known_ones()
    {
        var tts = Read("""{"verifiers":[{"name":"x"},{"type":"vibes"}],"temperature_schedule":{"type":"wizard"},"early_stop":{}}""");
        Assert.All(tts.Verifiers!, v => Assert.IsType<UnknownVerifierRequest>(v));
        Assert.Equal("wizard", Assert.IsType<UnknownScheduleRequest>(tts.TemperatureSchedule).Type);
        Assert.IsType<UnknownEarlyStopRequest>(tts.EarlyStop);
    }

    [Fact]
    public void A_token_of_the_wrong_kind_is_the_serializers_type_error_at_its_path()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"verifiers":[5]}"""));
        Assert.Equal("$.verifiers[0]", error.Path);
        Assert.StartsWith("The JSON value could not be converted to", error.Message);
    }

    [Fact]
    public void Writing_gives_the_documented_forms_back()
    {
        var tts = new TestTimeScalingRequest
        {
            Strategy = "majority",
            Answer = AnswerFormatRequest.Named("boxed"),
            Verifiers = [new NamedVerifierRequest { Name = "reward_model" }, new RegexVerifierRequest { MustMatch = ["x"] }],
            TemperatureSchedule = new LinearScheduleRequest { Start = 1, End = 0.2, Tokens = 10 },
            EarlyStop = new BetaEarlyStopRequest { Threshold = 0.9 },
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(tts, ProtocolJsonContext.Default.TestTimeScalingRequest))!;
        var expected = JsonNode.Parse("""
            {"strategy":"majority","answer":"boxed","verifiers":["reward_model",{"type":"regex","must_match":["x"]}],
             "temperature_schedule":{"type":"linear","start":1,"end":0.2,"tokens":10},"early_stop":{"rule":"beta","threshold":0.9}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
        Assert.True(JsonNode.DeepEquals(json, JsonNode.Parse(JsonSerializer.Serialize(Read(json.ToJsonString()), ProtocolJsonContext.Default.TestTimeScalingRequest))));
    }
}
