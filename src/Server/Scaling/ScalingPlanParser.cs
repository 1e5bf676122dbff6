using System.Text.Json;
using Inference.Pipeline;
using Inference.Selection;
using Inference.Server.Errors;
using Inference.Server.Options;
using Inference.Server.Protocol;
using Inference.Verifiers;

namespace Inference.Server.Scaling;

/// <summary>
/// Turns the request's <c>test_time_scaling</c> object, the model alias and the model's server-side defaults into a
/// validated <see cref="ScalingPlan"/>, or null when the request asks for no selection. Every problem is a 400
/// naming the field (e.g. "test_time_scaling.alpha").
/// </summary>
/// <param name="model">The served model's id, named when a selection needs a reward model it does not have.</param>
/// <param name="rewardModelAvailable">Whether a reward model is paired with that model.</param>
public sealed class ScalingPlanParser(LimitsOptions caps, IReadOnlyCollection<string> externalVerifiers, string model, bool rewardModelAvailable)
{
    private const string Root = "test_time_scaling";

    /// <param name="n">Choices the client asked for (k defaults to it).</param>
    /// <param name="nGiven">Whether the request set n explicitly.</param>
    /// <param name="bestOf">best_of on /v1/completions: sets N.</param>
    public ScalingPlan? Parse(TestTimeScalingRequest? wire, AliasSelection? alias, TestTimeScalingDefaults? defaults, int n, bool nGiven, int? bestOf)
    {
        if (wire is null && alias is null && defaults?.ApplyToAllRequests != true) return null;

        var strategy = StrategyNames.Canonical(wire?.Strategy ?? alias?.Strategy ?? defaults?.Strategy ?? SelectionStrategyNames.Majority);
        if (!StrategyNames.IsKnown(strategy))
            throw Bad("strategy", $"Unknown strategy '{wire?.Strategy}'. Known: {StrategyNames.Known}.");

        var k = wire?.K ?? n;
        if (wire?.K is { } explicitK && nGiven && explicitK != n)
            throw Bad("k", $"k ({explicitK}) and n ({n}) disagree; k is the number of choices returned, so give one of them.");
        var samples = wire?.Samples ?? bestOf ?? alias?.Samples ?? defaults?.Samples ?? Math.Max(8, k);
        if (wire?.Samples is { } s && bestOf is { } b && s != b)
            throw Bad("samples", $"samples ({s}) and best_of ({b}) disagree; both set N.");
        if (samples < 1 || samples > caps.MaxSamples)
            throw Bad("samples", $"samples must be between 1 and {caps.MaxSamples}; got {samples}.");
        if (k < 1 || k > samples) throw Bad("k", $"k must be between 1 and samples ({samples}); got {k}.");

        var alpha = wire?.Alpha ?? defaults?.Alpha ?? SelectionOptions.DefaultAlpha;
        if (!double.IsFinite(alpha) || alpha is < 0 or > 1) throw Bad("alpha", $"alpha must be in [0, 1]; got {alpha}.");

        var weight = (wire?.Weight?.Trim().ToLowerInvariant()) switch
        {
            null or "reward" => VoteWeight.Reward,
            "mean_logprob" or "mean_logprob_exp" or "logprob" => VoteWeight.MeanLogProbExp,
            _ => throw Bad("weight", $"Unknown weight '{wire!.Weight}'. Known: reward, mean_logprob."),
        };

        var inner = StrategyNames.Canonical(wire?.InnerStrategy ?? SelectionStrategyNames.Majority);
        if (!StrategyNames.IsKnown(inner) || inner == SelectionStrategyNames.Verifier)
            throw Bad("inner_strategy", $"inner_strategy must name a strategy other than verifier; got '{wire?.InnerStrategy}'.");

        if (wire?.ScoreAcceptThreshold is { } threshold && !double.IsFinite(threshold))
            throw Bad("score_accept_threshold", "score_accept_threshold must be a finite number.");

        var options = new TestTimeScalingOptions
        {
            Strategy = strategy,
            Samples = samples,
            K = k,
            Alpha = alpha,
            Weight = weight,
            InnerStrategy = inner,
            ScoreAcceptThreshold = wire?.ScoreAcceptThreshold,
            UnverifiedPasses = wire?.UnverifiedPasses ?? false,
            Answer = ParseAnswer(wire?.Answer, defaults),
            Verifiers = ParseVerifiers(wire?.Verifiers),
            ReferenceAnswer = wire?.ReferenceAnswer,
            EarlyStop = ParseEarlyStop(wire?.EarlyStop, samples),
        };
        if (options.Verifiers.OfType<ReferenceAnswerVerifierSpec>().Any() && string.IsNullOrWhiteSpace(options.ReferenceAnswer))
            throw Bad("reference_answer", "The reference_answer verifier needs test_time_scaling.reference_answer.");
        if (strategy == SelectionStrategyNames.Verifier && options.Verifiers.Count == 0)
            throw Bad("verifiers", "The verifier strategy needs at least one verifier in test_time_scaling.verifiers.");
        if (options.NeedsReward && !rewardModelAvailable)
        {
            var weighted = strategy == SelectionStrategyNames.WeightedMajority ? " with weight reward (its default)" : "";
            var message = $"The {strategy} strategy{weighted} ranks by reward, and {NoRewardModel}. Without one, use majority, " +
                          "self_certainty, or weighted_majority with weight mean_logprob.";
            // Named by the field that asked for it: the request's object, or the model alias it sent.
            throw wire?.Strategy is null && alias is not null ? ApiException.BadRequest("model", message) : Bad(strategy == SelectionStrategyNames.WeightedMajority && wire?.Weight is not null ? "weight" : "strategy", message);
        }
        return new ScalingPlan(options, TemperatureScheduleParser.Parse(wire?.TemperatureSchedule), wire?.ReturnCandidates ?? false);
    }

    private static AnswerExtractionSpec ParseAnswer(JsonElement? answer, TestTimeScalingDefaults? defaults)
    {
        const string param = "answer";
        AnswerExtractionSpec spec;
        try
        {
            if (answer is null || answer.Value.ValueKind == JsonValueKind.Null)
                spec = defaults?.Answer is { } name ? AnswerExtractionSpec.FromName(name, defaults.AnswerPattern) : AnswerExtractionSpec.Auto;
            else if (answer.Value.ValueKind == JsonValueKind.String)
                spec = AnswerExtractionSpec.FromName(answer.Value.GetString()!);
            else if (answer.Value.ValueKind == JsonValueKind.Object)
            {
                var format = OptionalString(answer.Value, "format", "answer.format") ?? (answer.Value.TryGetProperty("pattern", out _) ? "regex" : "auto");
                spec = AnswerExtractionSpec.FromName(format, OptionalString(answer.Value, "pattern", "answer.pattern"));
            }
            else throw Bad(param, "answer must be a format name or an object {\"format\", \"pattern\"}.");
            AnswerExtractors.Create(spec);
        }
        catch (InvalidAnswerFormatException ex)
        {
            throw Bad(param, ex.Message);
        }
        return spec;
    }

    private List<VerifierSpec> ParseVerifiers(List<JsonElement>? verifiers)
    {
        var specs = new List<VerifierSpec>();
        if (verifiers is null) return specs;
        for (var i = 0; i < verifiers.Count; i++)
        {
            var param = $"verifiers[{i}]";
            var v = verifiers[i];
            var spec = v.ValueKind switch
            {
                JsonValueKind.String => ByName(v.GetString()!, param),
                JsonValueKind.Object => ByObject(v, param),
                _ => throw Bad(param, "A verifier is a name or an object with a \"type\"."),
            };
            if (specs.Any(s => s.Name == spec.Name)) throw Bad(param, $"The verifier '{spec.Name}' is listed twice.");
            specs.Add(spec);
        }
        return specs;
    }

    private VerifierSpec ByName(string name, string param) => name switch
    {
        "reward_model" => RewardModel(null, param),
        "reference_answer" or "reference" => new ReferenceAnswerVerifierSpec(),
        _ when externalVerifiers.Contains(name) => new NamedVerifierSpec(name),
        _ => throw Bad(param, $"No verifier named '{name}'. Use reward_model, reference_answer, an object with a type " +
                              $"(regex, json_schema), or a configured external verifier ({(externalVerifiers.Count == 0 ? "none configured" : string.Join(", ", externalVerifiers))}). " +
                              "URLs are never taken from requests."),
    };

    private VerifierSpec ByObject(JsonElement v, string param)
    {
        var type = OptionalString(v, "type", $"{param}.type") ?? throw Bad($"{param}.type", "A verifier object needs a \"type\".");
        switch (type)
        {
            case "reward_model":
                return RewardModel(OptionalNumber(v, "accept_threshold", $"{param}.accept_threshold"), param);
            case "reference_answer" or "reference":
                return new ReferenceAnswerVerifierSpec();
            case "regex":
            {
                var mustMatch = StringList(v, "must_match", $"{param}.must_match");
                var mustNotMatch = StringList(v, "must_not_match", $"{param}.must_not_match");
                try
                {
                    _ = new RegexVerifier("regex", mustMatch, mustNotMatch);
                }
                catch (InvalidVerifierConfigurationException ex)
                {
                    throw Bad($"{param}.must_match", ex.Message);
                }
                return new RegexVerifierSpec(mustMatch, mustNotMatch);
            }
            case "json_schema":
            {
                if (!v.TryGetProperty("schema", out var schema) || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
                    throw Bad($"{param}.schema", "A json_schema verifier needs \"schema\": a JSON Schema object.");
                var text = schema.ValueKind == JsonValueKind.String ? schema.GetString()! : schema.GetRawText();
                try
                {
                    JsonSchemaParser.Parse(text);
                }
                catch (Exception ex) when (ex is InvalidVerifierConfigurationException or JsonException)
                {
                    throw Bad($"{param}.schema", ex.Message);
                }
                return new JsonSchemaVerifierSpec(text);
            }
            case "external" or "http":
            {
                if (v.TryGetProperty("url", out _) || v.TryGetProperty("endpoint", out _))
                    throw Bad($"{param}.url", "External verifiers are configured on the server (Verifiers:Http) and named in requests; a URL in a request is never used.");
                var name = OptionalString(v, "name", $"{param}.name") ?? throw Bad($"{param}.name", "An external verifier needs the \"name\" of a configured verifier.");
                return externalVerifiers.Contains(name)
                    ? new NamedVerifierSpec(name)
                    : throw Bad($"{param}.name", $"No external verifier named '{name}' is configured ({(externalVerifiers.Count == 0 ? "none configured" : string.Join(", ", externalVerifiers))}).");
            }
            default:
                throw Bad($"{param}.type", $"Unknown verifier type '{type}'. Known: reward_model, reference_answer, regex, json_schema, external.");
        }
    }

    private VerifierSpec RewardModel(double? acceptThreshold, string param)
    {
        if (!rewardModelAvailable) throw Bad(param, $"The reward_model verifier needs a reward model, and {NoRewardModel}.");
        if (acceptThreshold is { } t && !double.IsFinite(t)) throw Bad($"{param}.accept_threshold", "accept_threshold must be finite.");
        return new RewardModelVerifierSpec(acceptThreshold);
    }

    private static EarlyStopSpec? ParseEarlyStop(EarlyStopRequest? wire, int samples)
    {
        if (wire is null) return null;
        var rule = wire.Rule?.Trim().ToLowerInvariant() switch
        {
            "beta" or "adaptive_consistency" => "beta",
            "esc" or "window" => "esc",
            _ => throw Bad("early_stop.rule", $"early_stop.rule must be beta or esc; got '{wire.Rule}'."),
        };
        var threshold = wire.Threshold ?? Selection.BetaStoppingRule.DefaultThreshold;
        if (!(threshold is > 0.5 and < 1)) throw Bad("early_stop.threshold", $"early_stop.threshold must be in (0.5, 1); got {threshold}.");
        var window = wire.Window ?? Selection.WindowStoppingRule.DefaultWindow;
        if (window < 1 || window > samples) throw Bad("early_stop.window", $"early_stop.window must be between 1 and samples ({samples}); got {window}.");
        if (wire.WaveSize is { } wave && (wave < 1 || wave > samples))
            throw Bad("early_stop.wave_size", $"early_stop.wave_size must be between 1 and samples ({samples}); got {wave}.");
        return new EarlyStopSpec(rule, threshold, window, wire.WaveSize);
    }

    private static string? OptionalString(JsonElement obj, string name, string param)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad(param, $"{name} must be a string.");
    }

    private static double? OptionalNumber(JsonElement obj, string name, string param)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Bad(param, $"{name} must be a number.");
    }

    private static List<string> StringList(JsonElement obj, string name, string param)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw Bad(param, $"{name} must be a string or a list of strings.");
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private string NoRewardModel =>
        $"the model '{model}' has none (a reward model scores the model it was trained for; pair one with Models:RewardModels:{model} " +
        $"or --reward-model {model}=path/to/reward-model)";

    internal static ApiException Bad(string field, string message) => ApiException.BadRequest($"{Root}.{field}", message);
}
