using Inference.Engine.Sampling.Schedules;
using Inference.Pipeline;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>Maps Microsoft.Extensions.AI chat options and messages onto <see cref="InferenceOptions"/>, field by field.</summary>
public static class ChatOptionsMapping
{
    /// <summary>
    /// Temperature, TopP, TopK, MaxOutputTokens, StopSequences, Seed, PresencePenalty and FrequencyPenalty map to
    /// their sampling parameters; <see cref="InferenceChatOptionKeys"/> name the rest. A JSON response format with a
    /// schema becomes a json_schema verifier, which needs test-time scaling (there is no constrained decoding).
    /// </summary>
    public static InferenceOptions ToInferenceOptions(ChatOptions? options)
    {
        if (options is null) return new InferenceOptions();
        if (options.Tools is { Count: > 0 })
            throw new NotSupportedException("Tool calling is not supported by this model server.");
        var extra = options.AdditionalProperties;
        T? Get<T>(string key) => extra is not null && extra.TryGetValue(key, out var value) && value is not null
            ? value is T typed ? typed : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture)
            : default;

        var tts = Get<TestTimeScalingOptions>(InferenceChatOptionKeys.TestTimeScaling);
        if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            if (tts is null)
                throw new NotSupportedException("A JSON schema response format needs test_time_scaling (e.g. the verifier strategy): " +
                                                "samples are checked against the schema, decoding is not constrained.");
            tts = tts with { Verifiers = [.. tts.Verifiers, new JsonSchemaVerifierSpec(schema.GetRawText())] };
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
            TemperatureSchedule = Get<ITemperatureSchedule>(InferenceChatOptionKeys.TemperatureSchedule),
            TestTimeScaling = tts,
            ReturnCandidates = Get<bool?>(InferenceChatOptionKeys.ReturnCandidates) ?? false,
        };
    }

    /// <summary>The conversation as role/text pairs (text contents joined; other contents are not supported).</summary>
    public static IReadOnlyList<Engine.Packages.ChatMessage> ToEngineMessages(IEnumerable<ChatMessage> messages)
        => messages.Select(m => new Engine.Packages.ChatMessage(m.Role.Value, m.Text)).ToArray();

    /// <summary>The M.E.AI finish reason of an engine finish reason.</summary>
    public static ChatFinishReason ToChatFinishReason(Engine.Generation.FinishReason reason) => reason switch
    {
        Engine.Generation.FinishReason.Length => ChatFinishReason.Length,
        _ => ChatFinishReason.Stop,
    };

    /// <summary>A chat response carrying the first choice as its message and every choice in its additional properties.</summary>
    public static ChatResponse ToChatResponse(InferenceCompletion completion)
    {
        var first = completion.Choices.Count > 0 ? completion.Choices[0] : null;
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, first?.Text ?? ""))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            FinishReason = first is null ? null : ToChatFinishReason(first.FinishReason),
            Usage = new UsageDetails
            {
                InputTokenCount = completion.PromptTokens,
                OutputTokenCount = completion.CompletionTokens,
                TotalTokenCount = completion.PromptTokens + completion.CompletionTokens,
            },
            RawRepresentation = completion,
            AdditionalProperties = new AdditionalPropertiesDictionary { [InferenceChatOptionKeys.Choices] = completion.Choices },
        };
        if (completion.Explanation is not null) response.AdditionalProperties[InferenceChatOptionKeys.Explanation] = completion.Explanation;
        return response;
    }
}
