using System.Globalization;
using System.Text.Json;
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
            Tools = options.Tools is { Count: > 0 } tools ? tools.Select(Tool).ToList() : null,
            ToolChoice = ToolChoice(options.ToolMode),
        };
    }

    private static ToolDefinition Tool(AITool tool) => tool is AIFunctionDeclaration function
        ? new ToolDefinition { Function = new FunctionDefinition { Name = function.Name, Description = function.Description, Parameters = function.JsonSchema } }
        : throw new NotSupportedException($"Only function tools are supported; '{tool.Name}' is a {tool.GetType().Name}.");

    /// <summary>M.E.AI's tool mode on the wire: auto, none, required, or the named function.</summary>
    public static JsonElement? ToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => JsonSerializer.SerializeToElement("none", ProtocolJsonContext.Default.String),
        RequiredChatToolMode { RequiredFunctionName: { } name } => JsonSerializer.SerializeToElement(
            new ToolDefinition { Function = new FunctionDefinition { Name = name } }, ProtocolJsonContext.Default.ToolDefinition),
        RequiredChatToolMode => JsonSerializer.SerializeToElement("required", ProtocolJsonContext.Default.String),
        _ => JsonSerializer.SerializeToElement("auto", ProtocolJsonContext.Default.String),
    };

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
