using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.Options;
using Inference.Server.Protocol;
using Inference.Server.Scaling;
using Microsoft.Extensions.Options;

namespace Inference.Server.Generation;

/// <summary>Checks shared by both generation endpoints, done before anything runs so that every refusal is a 400
/// naming its parameter (and, for streams, comes before the first byte).</summary>
public sealed class RequestPreparation(ModelCatalog catalog, IOptions<LimitsOptions> limits, IOptions<SchedulerLimitsOptions> scheduler)
{
    public LimitsOptions Caps => limits.Value;

    /// <summary>The parser of selection requests for <paramref name="model"/> (which reward model it has decides what it accepts).</summary>
    public ScalingPlanParser Parser(ServedModel model) =>
        new(limits.Value, catalog.ExternalVerifiers.Keys.ToArray(), model.Id, model.RewardModel is not null);

    /// <summary>A plan the model's pipeline accepts, whose samples fit one batch (unless drawn in waves).</summary>
    public void CheckPlan(ServedModel model, ScalingPlan plan)
    {
        model.Pipeline!.Validate(plan.Options);
        var rows = plan.Options.EarlyStop is null ? plan.Options.Samples : Math.Min(plan.Options.Samples, plan.Options.EarlyStop.WaveSize ?? 5);
        if (rows > scheduler.Value.MaxBatchRows)
            throw ScalingPlanParser.Bad("samples", $"{rows} samples exceed the batch limit of {scheduler.Value.MaxBatchRows} rows (Scheduler:MaxBatchRows).");
    }

    /// <summary>Samples drawn together must fit one batch (Scheduler:MaxBatchRows); the error names the field that set them.</summary>
    public void CheckBatch(int samples, string param)
    {
        if (samples > scheduler.Value.MaxBatchRows)
            throw ApiException.BadRequest(param, $"{samples} samples exceed the batch limit of {scheduler.Value.MaxBatchRows} rows (Scheduler:MaxBatchRows).");
    }

    /// <summary>Prompt + max_tokens must fit the context; checked here so streams fail before they start, naming the
    /// request's prompt field ("messages" or "prompt").</summary>
    public static void CheckContext(ServedModel model, int promptTokens, int maxTokens, string param)
    {
        var context = model.Package!.Descriptor.ContextLength;
        if (promptTokens + maxTokens > context)
            throw ApiException.BadRequest(param, new ContextLengthExceededException(promptTokens, maxTokens, context).Message, "context_length_exceeded");
    }

    /// <summary>max_tokens when the client gave none: what is left of the context (at least 1, at most the cap).</summary>
    public int DefaultMaxTokens(ServedModel model, int promptTokens) =>
        Math.Clamp(model.Package!.Descriptor.ContextLength - promptTokens, 1, limits.Value.MaxTokens);

    /// <summary>Fields OpenAI clients may send that this server cannot honour; refused rather than silently ignored.</summary>
    public static void RejectUnsupported(ChatCompletionRequest r)
    {
        if (r.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0)
            throw ApiException.BadRequest("tools", "Tool calling is not supported by this server.");
        if (r.ToolChoice is { } choice && choice.ValueKind is not JsonValueKind.Null && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "none" or "auto"))
            throw ApiException.BadRequest("tool_choice", "tool_choice must be \"none\" or \"auto\": tool calling is not supported.");
        if (r.Functions is { ValueKind: JsonValueKind.Array } functions && functions.GetArrayLength() > 0)
            throw ApiException.BadRequest("functions", "Function calling is not supported by this server.");
        if (r.FunctionCall is { } call && call.ValueKind is not JsonValueKind.Null && !(call.ValueKind == JsonValueKind.String && call.GetString() is "none" or "auto"))
            throw ApiException.BadRequest("function_call", "function_call must be \"none\" or \"auto\": function calling is not supported.");
        if (r.ResponseFormat is { } format && format.ValueKind is not JsonValueKind.Null &&
            !(format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
            throw ApiException.BadRequest("response_format", "Only response_format {\"type\": \"text\"} is supported; for JSON use test_time_scaling with a json_schema verifier.");
        if (r.Modalities is { ValueKind: JsonValueKind.Array } modalities && modalities.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString() != "text"))
            throw ApiException.BadRequest("modalities", "Only the text modality is supported.");
        if (r.Audio is { } audio && audio.ValueKind is not JsonValueKind.Null)
            throw ApiException.BadRequest("audio", "Audio output is not supported.");
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];
}
