using System.Globalization;
using System.Text.Json;
using Inference.Engine.Sampling;
using Inference.Engine.Sampling.Schedules;
using Inference.Server.Errors;
using Inference.Server.Options;

namespace Inference.Server.Protocol;

/// <summary>Request fields -> engine <see cref="SamplingParams"/>. Shapes and caps are checked here; value ranges by
/// <see cref="SamplingParams.Validate"/> (whose errors name the same API parameters).</summary>
public static class SamplingFieldsMapping
{
    public static SamplingParams ToSamplingParams(this SamplingFields f, int maxTokens, bool logprobs, int topLogprobs, LimitsOptions caps,
        ITemperatureSchedule? schedule = null)
    {
        if (f.Temperature is { } t && !double.IsFinite(t)) throw ApiException.BadRequest("temperature", "temperature must be a finite number.");
        if (f.MinTokens is { } minTokens && (minTokens < 0 || minTokens > maxTokens))
            throw ApiException.BadRequest("min_tokens", $"min_tokens must be between 0 and max_tokens ({maxTokens}); got {minTokens}.");
        return new SamplingParams
        {
            Temperature = f.Temperature ?? 1.0,
            TemperatureSchedule = schedule,
            TopP = f.TopP ?? 1.0,
            TopK = f.TopK ?? 0,
            MinP = f.MinP ?? 0,
            RepetitionPenalty = f.RepetitionPenalty ?? 1.0,
            PresencePenalty = f.PresencePenalty ?? 0,
            FrequencyPenalty = f.FrequencyPenalty ?? 0,
            LogitBias = ParseLogitBias(f.LogitBias),
            StopStrings = ParseStop(f.Stop, caps.MaxStopStrings),
            StopTokenIds = f.StopTokenIds ?? [],
            IgnoreEos = f.IgnoreEos ?? false,
            MaxTokens = maxTokens,
            MinTokens = f.MinTokens ?? 0,
            Seed = f.Seed,
            Logprobs = logprobs,
            TopLogprobs = topLogprobs,
            SkipSpecialTokens = f.SkipSpecialTokens ?? true,
        };
    }

    /// <summary>n in [1, Limits:MaxN].</summary>
    public static int ValidatedN(this SamplingFields f, LimitsOptions caps)
    {
        var n = f.N ?? 1;
        if (n < 1 || n > caps.MaxN) throw ApiException.BadRequest("n", $"n must be between 1 and {caps.MaxN}; got {n}.");
        return n;
    }

    /// <summary>max_tokens in [1, Limits:MaxTokens], or <paramref name="fallback"/> when absent.</summary>
    public static int ValidatedMaxTokens(int? requested, string param, int fallback, LimitsOptions caps)
    {
        if (requested is not { } value) return Math.Max(1, Math.Min(fallback, caps.MaxTokens));
        if (value < 1 || value > caps.MaxTokens) throw ApiException.BadRequest(param, $"{param} must be between 1 and {caps.MaxTokens}; got {value}.");
        return value;
    }

    public static IReadOnlyList<string> ParseStop(JsonElement? stop, int maxStops)
    {
        if (stop is not { } s || s.ValueKind == JsonValueKind.Null) return [];
        List<string> stops;
        if (s.ValueKind == JsonValueKind.String) stops = [s.GetString()!];
        else if (s.ValueKind == JsonValueKind.Array && s.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            stops = s.EnumerateArray().Select(e => e.GetString()!).ToList();
        else throw ApiException.BadRequest("stop", "stop must be a string or a list of strings.");
        if (stops.Count > maxStops) throw ApiException.BadRequest("stop", $"At most {maxStops} stop strings are allowed; got {stops.Count}.");
        if (stops.Any(string.IsNullOrEmpty)) throw ApiException.BadRequest("stop", "stop strings must not be empty.");
        return stops;
    }

    private static Dictionary<int, double> ParseLogitBias(Dictionary<string, double>? bias)
    {
        var result = new Dictionary<int, double>();
        if (bias is null) return result;
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw ApiException.BadRequest("logit_bias", $"logit_bias keys must be token ids; got '{key}'.");
            result[id] = value;
        }
        return result;
    }
}
