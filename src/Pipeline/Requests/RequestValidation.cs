using System.Globalization;
using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Protocol;
using Inference.Selection;

namespace Inference.Pipeline.Requests;

/// <summary>
/// Every check of a generation request, in one place, for the server and the embedded client alike. Each refusal is
/// an <see cref="InvalidRequestException"/> naming the field by its wire name ("n", "messages[0].role",
/// "test_time_scaling.early_stop.window"). What the engine itself must never be given is asserted again by the
/// scheduler (<see cref="SamplingParams.Validate"/>), which this pass runs first so that its refusals name fields too.
/// </summary>
public static class RequestValidation
{
    public const string Scaling = "test_time_scaling";

    /// <summary>Legacy completions report at most this many alternatives per token.</summary>
    public const int MaxLegacyLogprobs = 5;

    public static InvalidRequestException Bad(string param, string message, string? code = null) => new(param, message, code);

    // ---- OpenAI's fields --------------------------------------------------------------------------------------------

    /// <summary>Fields OpenAI clients may send that this server cannot honour; refused rather than silently ignored.</summary>
    public static void Unsupported(ChatCompletionRequest r)
    {
        if (r.Functions is { ValueKind: JsonValueKind.Array } functions && functions.GetArrayLength() > 0)
            throw Bad("functions", "The legacy functions field is not supported; declare them as tools.");
        if (r.FunctionCall is { } call && call.ValueKind is not JsonValueKind.Null && !(call.ValueKind == JsonValueKind.String && call.GetString() is "none" or "auto"))
            throw Bad("function_call", "function_call must be \"none\" or \"auto\"; use tools and tool_choice.");
        if (r.Modalities is { ValueKind: JsonValueKind.Array } modalities && modalities.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString() != "text"))
            throw Bad("modalities", "Only the text modality is supported.");
        if (r.Audio is { } audio && audio.ValueKind is not JsonValueKind.Null)
            throw Bad("audio", "Audio output is not supported.");
    }

    public static void Suffix(CompletionRequest r)
    {
        if (!string.IsNullOrEmpty(r.Suffix))
            throw Bad("suffix", "suffix (insertion) is not supported: decoder-only models here only continue the prompt.");
    }

    /// <summary>n in [1, MaxN].</summary>
    public static int N(int? requested, RequestLimits limits)
    {
        var n = requested ?? 1;
        if (n < 1 || n > limits.MaxN) throw Bad("n", $"n must be between 1 and {limits.MaxN}; got {n}.");
        return n;
    }

    public static void ChatLogprobs(ChatCompletionRequest r, RequestLimits limits)
    {
        var top = r.TopLogprobs ?? 0;
        if (top < 0 || top > limits.MaxTopLogprobs)
            throw Bad("top_logprobs", $"top_logprobs must be between 0 and {limits.MaxTopLogprobs}; got {top}.");
        if (r.TopLogprobs is not null && r.Logprobs != true)
            throw Bad("top_logprobs", "top_logprobs needs logprobs set to true.");
        if (r.MaxTokens is { } a && r.MaxCompletionTokens is { } b && a != b)
            throw Bad("max_completion_tokens", "max_tokens and max_completion_tokens disagree; give one.");
    }

    public static void LegacyLogprobs(CompletionRequest r)
    {
        if (r.Logprobs is { } count && (count < 0 || count > MaxLegacyLogprobs))
            throw Bad("logprobs", $"logprobs must be between 0 and {MaxLegacyLogprobs}; got {count}.");
    }

    public static void BestOf(CompletionRequest r, int n, RequestLimits limits)
    {
        if (r.BestOf is not { } bestOf) return;
        if (bestOf < n) throw Bad("best_of", $"best_of ({bestOf}) must be >= n ({n}).");
        if (bestOf > limits.MaxSamples) throw Bad("best_of", $"best_of must be at most {limits.MaxSamples}; got {bestOf}.");
        if (r.Stream == true && bestOf > n) throw Bad("best_of", "best_of cannot be streamed: the best choices are known only at the end.");
    }

    /// <summary>max_tokens (or max_completion_tokens) in [1, MaxTokens].</summary>
    public static int MaxTokens(int value, string param, RequestLimits limits) =>
        value >= 1 && value <= limits.MaxTokens ? value : throw Bad(param, $"{param} must be between 1 and {limits.MaxTokens}; got {value}.");

    public static void ZeroMaxTokens(bool scoresPrompt)
    {
        if (!scoresPrompt)
            throw Bad("max_tokens", "max_tokens must be >= 1; 0 is allowed only with echo and logprobs, to score the prompt without generating.");
    }

    /// <summary>Prompt + max_tokens must fit the context; named by the request's prompt field ("messages" or "prompt").</summary>
    public static void Context(int promptTokens, int maxTokens, int contextLength, string param)
    {
        if (promptTokens + maxTokens > contextLength)
            throw Bad(param, new ContextLengthExceededException(promptTokens, maxTokens, contextLength).Message, "context_length_exceeded");
    }

    public static void MinTokens(int? minTokens, int maxTokens)
    {
        if (minTokens is { } value && (value < 0 || value > maxTokens))
            throw Bad("min_tokens", $"min_tokens must be between 0 and max_tokens ({maxTokens}); got {value}.");
    }

    public static IReadOnlyList<string> Stop(JsonElement? stop, RequestLimits limits)
    {
        if (stop is not { } s || s.ValueKind == JsonValueKind.Null) return [];
        List<string> stops;
        if (s.ValueKind == JsonValueKind.String) stops = [s.GetString()!];
        else if (s.ValueKind == JsonValueKind.Array && s.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            stops = s.EnumerateArray().Select(e => e.GetString()!).ToList();
        else throw Bad("stop", "stop must be a string or a list of strings.");
        if (stops.Count > limits.MaxStopStrings) throw Bad("stop", $"At most {limits.MaxStopStrings} stop strings are allowed; got {stops.Count}.");
        if (stops.Any(string.IsNullOrEmpty)) throw Bad("stop", "stop strings must not be empty.");
        return stops;
    }

    public static Dictionary<int, double> LogitBias(Dictionary<string, double>? bias)
    {
        var result = new Dictionary<int, double>();
        foreach (var (key, value) in bias ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw Bad("logit_bias", $"logit_bias keys must be token ids; got '{key}'.");
            result[id] = value;
        }
        return result;
    }

    /// <summary>The value ranges of the sampling parameters (the engine's own rules, named by their wire names).</summary>
    public static void Sampling(SamplingParams sampling, int vocabularySize)
    {
        try
        {
            // max_tokens 0 (prompt scoring alone) is the one value the engine takes below 1.
            (sampling.MaxTokens == 0 ? sampling with { MaxTokens = 1 } : sampling).Validate(vocabularySize);
        }
        catch (InvalidSamplingParameterException ex)
        {
            var param = ex.Parameter == "temperature_schedule" ? $"{Scaling}.temperature_schedule" : ex.Parameter;
            throw Bad(param, ex.Message[..^$" (Parameter '{ex.Parameter}')".Length]);
        }
    }

    /// <summary>Samples drawn together must fit one batch; named by the field that set them.</summary>
    public static void Batch(int rows, string param, RequestLimits limits)
    {
        if (rows > limits.MaxBatchRows)
            throw Bad(param, $"{rows} samples exceed the batch limit of {limits.MaxBatchRows} rows (Scheduler:MaxBatchRows).");
    }

    // ---- test_time_scaling ------------------------------------------------------------------------------------------

    /// <summary>A field our extension objects do not define: refused by name, with the names they accept.</summary>
    public static void KnownFields(WireExtensionObject? value, string path)
    {
        if (value?.UnknownFields is not { Count: > 0 } unknown) return;
        var field = unknown.Keys.First();
        if (value is ExternalVerifierRequest && field is "url" or "endpoint")
            throw Bad($"{path}.{field}", "External verifiers are configured on the server (Verifiers:Http) and named in requests; a URL in a request is never used.");
        throw Bad($"{path}.{field}", $"unknown field '{field}' in {path}; accepted: {string.Join(", ", WireFields.Of(value.GetType()))}.");
    }

    public static string Strategy(string written, string param)
    {
        var registry = SelectionStrategyRegistry.Default;
        return registry.Canonical(written) ?? throw Bad(param, $"Unknown strategy '{written}'. Known: {registry.Known}.");
    }

    public static string InnerStrategy(string written)
    {
        var inner = SelectionStrategyRegistry.Default.Canonical(written);
        return inner is not null && inner != SelectionStrategyNames.Verifier
            ? inner
            : throw Bad($"{Scaling}.inner_strategy", $"inner_strategy must name a strategy other than verifier; got '{written}'.");
    }

    public static void SamplesAndK(TestTimeScalingRequest? wire, int? bestOf, int samples, int k, int n, bool nGiven, RequestLimits limits)
    {
        if (wire?.K is { } explicitK && nGiven && explicitK != n)
            throw Bad($"{Scaling}.k", $"k ({explicitK}) and n ({n}) disagree; k is the number of choices returned, so give one of them.");
        if (wire?.Samples is { } s && bestOf is { } b && s != b)
            throw Bad($"{Scaling}.samples", $"samples ({s}) and best_of ({b}) disagree; both set N.");
        if (samples < 1 || samples > limits.MaxSamples)
            throw Bad($"{Scaling}.samples", $"samples must be between 1 and {limits.MaxSamples}; got {samples}.");
        if (k < 1 || k > samples) throw Bad($"{Scaling}.k", $"k must be between 1 and samples ({samples}); got {k}.");
    }

    public static void Alpha(double alpha)
    {
        if (!double.IsFinite(alpha) || alpha is < 0 or > 1) throw Bad($"{Scaling}.alpha", $"alpha must be in [0, 1]; got {alpha}.");
    }

    public static VoteWeight Weight(string? weight) => weight?.Trim().ToLowerInvariant() switch
    {
        null or "reward" => VoteWeight.Reward,
        "mean_logprob" or "mean_logprob_exp" or "logprob" => VoteWeight.MeanLogProbExp,
        _ => throw Bad($"{Scaling}.weight", $"Unknown weight '{weight}'. Known: reward, mean_logprob."),
    };

    public static void Finite(double? value, string param)
    {
        if (value is { } v && !double.IsFinite(v)) throw Bad(param, $"{param[(param.LastIndexOf('.') + 1)..]} must be a finite number.");
    }

    public static string AnswerFormat(AnswerFormatRequest answer)
    {
        var param = $"{Scaling}.answer";
        KnownFields(answer, param);
        return AnswerFormatRequest.Formats.Canonical(answer.Format ?? "auto")
               ?? throw Bad(param, $"Unknown answer format '{answer.Format}'. Known: auto, hash, gsm8k, answer_is, boxed, last_number, regex, whole_text, json.");
    }

    /// <summary>The strategy needs what the model and the request provide: a reward model, verifiers.</summary>
    public static void Needs(SelectionNeeds needs, string strategy, VoteWeight weight, int verifiers, ModelContext model, string rewardParam)
    {
        if (needs.HasFlag(SelectionNeeds.Verdicts) && verifiers == 0)
            throw Bad($"{Scaling}.verifiers", $"The {strategy} strategy needs at least one verifier in test_time_scaling.verifiers.");
        if (needs.HasFlag(SelectionNeeds.Reward) && !model.HasRewardModel)
        {
            var weighted = strategy == SelectionStrategyNames.WeightedMajority && weight == VoteWeight.Reward ? " with weight reward (its default)" : "";
            throw Bad(rewardParam, $"The {strategy} strategy{weighted} ranks by reward, and {NoRewardModel(model.Id)}. Without one, use majority, " +
                                   "self_certainty, or weighted_majority with weight mean_logprob.");
        }
    }

    private static string NoRewardModel(string model) =>
        $"the model '{model}' has none (a reward model scores the model it was trained for; pair one with Models:RewardModels:{model} " +
        $"or --reward-model {model}=path/to/reward-model)";

    public static InvalidRequestException UnknownVerifier(string name, string param, IReadOnlyCollection<string> external) =>
        Bad(param, $"No verifier named '{name}'. Use reward_model, reference_answer, an object with a type (regex, json_schema), or a configured " +
                   $"external verifier ({(external.Count == 0 ? "none configured" : string.Join(", ", external))}). URLs are never taken from requests.");

    public static void RewardVerifier(ModelContext model, double? acceptThreshold, string param)
    {
        if (!model.HasRewardModel) throw Bad(param, $"The reward_model verifier needs a reward model, and {NoRewardModel(model.Id)}.");
        if (acceptThreshold is { } t && !double.IsFinite(t)) throw Bad($"{param}.accept_threshold", "accept_threshold must be finite.");
    }

    public static string JsonSchemaText(JsonSchemaVerifierRequest v, string param)
    {
        if (v.Schema is not { } schema || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
            throw Bad($"{param}.schema", "A json_schema verifier needs \"schema\": a JSON Schema object.");
        return schema.ValueKind == JsonValueKind.String ? schema.GetString()! : schema.GetRawText();
    }

    public static void DistinctVerifiers(IReadOnlyList<VerifierSpec> specs, string param)
    {
        if (specs.Count > 1 && specs.Take(specs.Count - 1).Any(s => s.Name == specs[^1].Name))
            throw Bad(param, $"The verifier '{specs[^1].Name}' is listed twice.");
    }

    public static void ReferenceAnswer(IReadOnlyList<VerifierSpec> specs, string? referenceAnswer)
    {
        if (specs.OfType<ReferenceAnswerVerifierSpec>().Any() && string.IsNullOrWhiteSpace(referenceAnswer))
            throw Bad($"{Scaling}.reference_answer", "The reference_answer verifier needs test_time_scaling.reference_answer.");
    }

    public static void EarlyStop(EarlyStopSpec spec, EarlyStopRequest wire, int samples)
    {
        const string param = $"{Scaling}.early_stop";
        if (spec.Rule == "beta" && !(spec.Threshold is > 0.5 and < 1))
            throw Bad($"{param}.threshold", $"early_stop.threshold must be in (0.5, 1); got {spec.Threshold}.");
        if (spec.Rule == "esc" && (spec.Window < 1 || spec.Window > samples))
            throw Bad($"{param}.window", $"early_stop.window must be between 1 and samples ({samples}); got {spec.Window}.");
        if (wire.WaveSize is { } wave && (wave < 1 || wave > samples))
            throw Bad($"{param}.wave_size", $"early_stop.wave_size must be between 1 and samples ({samples}); got {wave}.");
    }

    /// <summary>Most checkpoints an early_rejection may list.</summary>
    public const int MaxCheckpoints = 8;

    public static void EarlyRejection(EarlyRejectionRequest wire, double keep)
    {
        const string param = $"{Scaling}.early_rejection";
        if (wire.Checkpoints is not { Count: > 0 } checkpoints)
            throw Bad($"{param}.checkpoints", "early_rejection.checkpoints is required: token counts (integers >= 1) or fractions of max_tokens in (0, 1).");
        if (checkpoints.Count > MaxCheckpoints)
            throw Bad($"{param}.checkpoints", $"early_rejection.checkpoints lists at most {MaxCheckpoints} checkpoints; got {checkpoints.Count}.");
        for (var i = 0; i < checkpoints.Count; i++)
        {
            var c = checkpoints[i];
            if (!double.IsFinite(c) || c <= 0 || (c >= 1 && c != Math.Floor(c)) || c > int.MaxValue)
                throw Bad($"{param}.checkpoints[{i}]", $"A checkpoint is a token count (an integer >= 1) or a fraction of max_tokens in (0, 1); got {c}.");
        }
        if (!(keep is > 0 and <= 1))
            throw Bad($"{param}.keep", $"early_rejection.keep must be in (0, 1]; got {keep}.");
    }

    /// <summary>
    /// The refill budget: every started sample reserves max_tokens of it (<see cref="RefillSpec"/>), so it must hold the
    /// first samples' (samples x max_tokens), and refills never take a request past Limits:MaxSamples samples.
    /// </summary>
    public static void RefillBudget(int maxTotalTokens, int samples, int maxTokens, RequestLimits limits)
    {
        const string param = $"{Scaling}.early_rejection.max_total_tokens";
        var first = (long)samples * Math.Max(1, maxTokens);
        if (maxTotalTokens < first)
            throw Bad(param, $"early_rejection.max_total_tokens must hold the first samples' max_tokens ({samples} x {maxTokens} = {first}); got {maxTotalTokens}.");
        var most = (long)Math.Max(samples, limits.MaxSamples) * Math.Max(1, maxTokens);
        if (maxTotalTokens > most)
            throw Bad(param, $"early_rejection.max_total_tokens may start at most {Math.Max(samples, limits.MaxSamples)} samples of max_tokens {maxTokens} " +
                             $"(Limits:MaxSamples): at most {most}; got {maxTotalTokens}.");
    }

    public static double Range(double? value, string name, double min, double max)
    {
        var param = $"{Scaling}.temperature_schedule.{name}";
        if (value is not { } v) throw Bad(param, $"temperature_schedule.{name} is required for this schedule.");
        return double.IsFinite(v) && v >= min && v <= max ? v : throw Bad(param, $"temperature_schedule.{name} must be between {min} and {max}; got {v}.");
    }

    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw Bad($"{Scaling}.temperature_schedule.{name}", $"temperature_schedule.{name} must be > 0; got {value}.");

    /// <summary>The type (or rule) of one of our polymorphic objects must name one the family knows.</summary>
    public static InvalidRequestException UnknownKind(string param, string? written, string what, WireNames known) => written is null
        ? Bad(param, $"{what} is required: one of {known}.")
        : Bad(param, $"{what} must be one of {known}; got '{written}'.");
}
