using System.Globalization;
using Inference.Protocol;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>Maps Microsoft.Extensions.AI chat options onto <see cref="InferenceOptions"/>, field by field, for both clients.</summary>
public static class ChatOptionsMapping
{
    /// <summary>
    /// Temperature, TopP, TopK, MaxOutputTokens, StopSequences, Seed, PresencePenalty and FrequencyPenalty map to
    /// their sampling parameters; <see cref="InferenceChatOptionKeys"/> name the rest. A JSON response format with a
    /// schema becomes a json_schema verifier, which needs test-time scaling (decoding is not constrained).
    /// </summary>
    public static InferenceOptions ToInferenceOptions(ChatOptions? options)
    {
        if (options is null) return new InferenceOptions();
        if (options.Tools is { Count: > 0 })
            throw new NotSupportedException("Tool calling is not supported by this model server.");
        var extra = options.AdditionalProperties;
        T? Get<T>(string key) => extra is not null && extra.TryGetValue(key, out var value) && value is not null
            ? value is T typed ? typed : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture)
            : default;

        var tts = Get<TestTimeScalingRequest>(InferenceChatOptionKeys.TestTimeScaling);
        if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            if (tts is null)
                throw new NotSupportedException("A JSON schema response format needs test_time_scaling (e.g. the verifier strategy): " +
                                                "samples are checked against the schema, decoding is not constrained.");
            tts.Verifiers = [.. tts.Verifiers ?? [], new JsonSchemaVerifierRequest { Schema = schema }];
        }

        return new InferenceOptions
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            TopK = options.TopK,
            MaxTokens = options.MaxOutputTokens,
            Stop = options.StopSequences?.ToArray() ?? [],
            Seed = options.Seed,
            PresencePenalty = options.PresencePenalty,
            FrequencyPenalty = options.FrequencyPenalty,
            MinP = Get<double?>(InferenceChatOptionKeys.MinP),
            RepetitionPenalty = Get<double?>(InferenceChatOptionKeys.RepetitionPenalty),
            N = Get<int?>(InferenceChatOptionKeys.N) ?? 1,
            Logprobs = Get<bool?>(InferenceChatOptionKeys.Logprobs) ?? false,
            TopLogprobs = Get<int?>(InferenceChatOptionKeys.TopLogprobs) ?? 0,
            TestTimeScaling = tts,
        };
    }
}
