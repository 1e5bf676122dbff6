using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Sampling.Schedules;
using Inference.Pipeline;
using Inference.Selection;
using Inference.Server.Protocol;

namespace Inference.Client;

/// <summary>Writes the in-process option types as the server's wire objects, so one options object drives both clients.</summary>
public static class TestTimeScalingWire
{
    /// <summary>The <c>test_time_scaling</c> request object for <paramref name="options"/>.</summary>
    public static TestTimeScalingRequest ToRequest(TestTimeScalingOptions options, bool returnCandidates = false) => new()
    {
        Strategy = options.Strategy,
        Samples = options.Samples,
        K = options.K,
        Alpha = options.Alpha,
        Weight = options.Weight == VoteWeight.Reward ? "reward" : "mean_logprob",
        InnerStrategy = options.InnerStrategy,
        ScoreAcceptThreshold = options.ScoreAcceptThreshold,
        UnverifiedPasses = options.UnverifiedPasses,
        ReferenceAnswer = options.ReferenceAnswer,
        Answer = Answer(options.Answer),
        Verifiers = options.Verifiers.Count == 0 ? null : options.Verifiers.Select(Verifier).ToList(),
        EarlyStop = options.EarlyStop is { } stop
            ? new EarlyStopRequest { Rule = stop.Rule, Threshold = stop.Threshold, Window = stop.Window, WaveSize = stop.WaveSize }
            : null,
        ReturnCandidates = returnCandidates ? true : null,
    };

    /// <summary>The <c>temperature_schedule</c> object for a schedule.</summary>
    public static TemperatureScheduleRequest ToRequest(ITemperatureSchedule schedule) => schedule switch
    {
        ConstantTemperature c => new() { Type = "constant", Temperature = c.Temperature },
        ExploratoryAnnealedTemperature e => new()
        {
            Type = "ead", MaxTemperature = e.MaxTemperature, MinTemperature = e.MinTemperature, Decay = e.Decay, Scale = e.Scale,
            WarmupTokens = e.WarmupTokens,
        },
        LinearTemperature l => new() { Type = "linear", Start = l.Start, End = l.End, Tokens = l.Tokens },
        CosineTemperature c => new() { Type = "cosine", Start = c.Start, End = c.End, Tokens = c.Tokens },
        ExponentialTemperature x => new() { Type = "exponential", Start = x.Start, Rate = x.Rate, Min = x.Min },
        _ => throw new NotSupportedException($"The {schedule.Name} schedule has no wire form."),
    };

    private static JsonElement Answer(AnswerExtractionSpec spec)
    {
        var name = spec.Format switch
        {
            AnswerFormat.Auto => "auto",
            AnswerFormat.Hash => "hash",
            AnswerFormat.AnswerIs => "answer_is",
            AnswerFormat.Boxed => "boxed",
            AnswerFormat.LastNumber => "last_number",
            AnswerFormat.Regex => "regex",
            AnswerFormat.WholeText => "whole_text",
            _ => throw new NotSupportedException($"Answer format {spec.Format} has no wire name."),
        };
        JsonNode node = spec.Format == AnswerFormat.Regex ? new JsonObject { ["format"] = name, ["pattern"] = spec.Pattern } : JsonValue.Create(name);
        return JsonSerializer.SerializeToElement(node, WireJson.Node);
    }

    private static JsonElement Verifier(VerifierSpec spec)
    {
        JsonNode node = spec switch
        {
            RewardModelVerifierSpec { AcceptThreshold: null } => JsonValue.Create("reward_model"),
            RewardModelVerifierSpec r => new JsonObject { ["type"] = "reward_model", ["accept_threshold"] = r.AcceptThreshold },
            ReferenceAnswerVerifierSpec => JsonValue.Create("reference_answer"),
            RegexVerifierSpec x => new JsonObject
            {
                ["type"] = "regex",
                ["must_match"] = new JsonArray(x.MustMatch.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["must_not_match"] = new JsonArray(x.MustNotMatch.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            },
            JsonSchemaVerifierSpec j => new JsonObject { ["type"] = "json_schema", ["schema"] = JsonNode.Parse(j.Schema) },
            NamedVerifierSpec n => new JsonObject { ["type"] = "external", ["name"] = n.VerifierName },
            _ => throw new NotSupportedException($"Verifier {spec.GetType().Name} has no wire form."),
        };
        return JsonSerializer.SerializeToElement(node, WireJson.Node);
    }
}
