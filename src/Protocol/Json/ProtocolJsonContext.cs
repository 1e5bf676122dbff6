using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Inference.Protocol;

/// <summary>Source-generated JSON metadata for every wire type; snake_case names, nulls left out unless a property says
/// otherwise. The polymorphic parts of test_time_scaling are read by their converters with the metadata of the type
/// their discriminator names, so each concrete type is listed here.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(CompletionRequest))]
[JsonSerializable(typeof(TokenizeRequest))]
[JsonSerializable(typeof(DetokenizeRequest))]
[JsonSerializable(typeof(ApplyTemplateRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(CompletionResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(TokenizeResponse))]
[JsonSerializable(typeof(DetokenizeResponse))]
[JsonSerializable(typeof(ApplyTemplateResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ConstantScheduleRequest))]
[JsonSerializable(typeof(EadScheduleRequest))]
[JsonSerializable(typeof(LinearScheduleRequest))]
[JsonSerializable(typeof(CosineScheduleRequest))]
[JsonSerializable(typeof(ExponentialScheduleRequest))]
[JsonSerializable(typeof(UnknownScheduleRequest))]
[JsonSerializable(typeof(BetaEarlyStopRequest))]
[JsonSerializable(typeof(EscEarlyStopRequest))]
[JsonSerializable(typeof(UnknownEarlyStopRequest))]
[JsonSerializable(typeof(EarlyRejectionRequest))]
[JsonSerializable(typeof(NamedAnswerFormat))]
[JsonSerializable(typeof(RegexAnswerFormat))]
[JsonSerializable(typeof(NamedVerifierRequest))]
[JsonSerializable(typeof(RewardModelVerifierRequest))]
[JsonSerializable(typeof(ReferenceAnswerVerifierRequest))]
[JsonSerializable(typeof(RegexVerifierRequest))]
[JsonSerializable(typeof(JsonSchemaVerifierRequest))]
[JsonSerializable(typeof(ExternalVerifierRequest))]
[JsonSerializable(typeof(UnknownVerifierRequest))]
[JsonSerializable(typeof(TextResponseFormat))]
[JsonSerializable(typeof(JsonObjectResponseFormat))]
[JsonSerializable(typeof(JsonSchemaResponseFormat))]
[JsonSerializable(typeof(OtherResponseFormat))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<ToolDefinition>))]
[JsonSerializable(typeof(ToolDefinition))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The resolver used on the wire: the generated metadata, plus the one OpenAI rule the attributes cannot say —
    /// chunks carry "usage": null exactly when stream_options.include_usage was asked for.
    /// </summary>
    public static IJsonTypeInfoResolver WireResolver { get; } = JsonTypeInfoResolver.WithAddedModifier(new ProtocolJsonContext(), static info =>
    {
        if (info.Type == typeof(ChatCompletionChunk))
            ShowNullUsageWhenRequested<ChatCompletionChunk>(info, c => c.UsageRequested);
        else if (info.Type == typeof(CompletionResponse))
            ShowNullUsageWhenRequested<CompletionResponse>(info, c => c.UsageRequested);
    });

    /// <summary>Serializer options for writing by hand (SSE), equal to the ones the endpoints use.</summary>
    public static JsonSerializerOptions WireOptions { get; } = Configure(new JsonSerializerOptions());

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.TypeInfoResolverChain.Insert(0, WireResolver);
        return options;
    }

    private static void ShowNullUsageWhenRequested<T>(JsonTypeInfo info, Func<T, bool> requested)
    {
        foreach (var property in info.Properties)
            if (property.Name == "usage")
                property.ShouldSerialize = (owner, value) => value is not null || requested((T)owner);
    }
}
