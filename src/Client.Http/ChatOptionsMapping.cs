using System.Globalization;
using Inference.Protocol;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>Maps Microsoft.Extensions.AI chat options onto <see cref="InferenceOptions"/>, field by field, for both clients.</summary>
public static class ChatOptionsMapping
{
    /// <summary>
    /// Temperature, TopP, TopK, MaxOutputTokens, StopSequences, Seed, PresencePenalty and FrequencyPenalty map to
    /// their sampling parameters; <see cref="InferenceChatOptionKeys"/> name the rest. A JSON response format becomes
    /// response_format (json_schema with its schema, else json_object), which the server enforces while decoding
    /// (this is what <c>GetResponseAsync&lt;T&gt;</c> sends).
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
            ResponseFormat = ResponseFormat(options.ResponseFormat),
        };
    }

    /// <summary>M.E.AI's response format on the wire: text, json_object, or json_schema (strict) with its name.</summary>
    public static ResponseFormatRequest? ResponseFormat(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatJson { Schema: { } schema } json => new JsonSchemaResponseFormat
        {
            JsonSchema = new JsonSchemaSpec { Name = json.SchemaName ?? "response", Description = json.SchemaDescription, Schema = schema, Strict = true },
        },
        ChatResponseFormatJson => new JsonObjectResponseFormat(),
        _ => new TextResponseFormat(),
    };
}
