using System.Text.Json;

namespace Inference.Protocol;

/// <summary>POST /v1/chat/completions. Unknown fields are ignored, except the ones declared here as JsonElement
/// (tools, functions, response_format, ...), which are rejected when they ask for something this server cannot do.</summary>
public sealed class ChatCompletionRequest : SamplingFields
{
    public List<ChatMessageDto>? Messages { get; set; }

    /// <summary>Same as max_tokens (the newer OpenAI name); giving both with different values is an error.</summary>
    public int? MaxCompletionTokens { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }

    /// <summary>Extension: render the template without the generation prompt (continue the last message).</summary>
    public bool? AddGenerationPrompt { get; set; }

    /// <summary>Functions the model may call (a list of <see cref="ToolDefinition"/>); read and checked field by field.</summary>
    public JsonElement? Tools { get; set; }

    /// <summary>"none" | "auto" | "required" | {"type": "function", "function": {"name": ...}}.</summary>
    public JsonElement? ToolChoice { get; set; }

    /// <summary>Accepted; each choice carries at most one call (a constrained call is one JSON document).</summary>
    public bool? ParallelToolCalls { get; set; }

    /// <summary>Rejected: legacy function calling is not supported.</summary>
    public JsonElement? Functions { get; set; }

    /// <summary>Rejected unless "none" or "auto".</summary>
    public JsonElement? FunctionCall { get; set; }

    /// <summary>text | json_object | json_schema: JSON modes constrain decoding.</summary>
    public ResponseFormatRequest? ResponseFormat { get; set; }

    /// <summary>Only ["text"] is accepted.</summary>
    public JsonElement? Modalities { get; set; }

    /// <summary>Rejected: audio output is not supported.</summary>
    public JsonElement? Audio { get; set; }
}
