using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Inference.Engine.Tests.Constraints;

/// <summary>The independent judge of constrained JSON: System.Text.Json parses it, JsonSchema.Net 8.0.5 validates it.</summary>
internal static class SchemaOracle
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>Null when <paramref name="text"/> is a JSON document valid under <paramref name="schema"/>; else why not.</summary>
    public static string? Problem(string text, string schema)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return $"not JSON ({e.Message}): {text}";
        }
        using (document)
        {
            var validator = Schemas.GetOrAdd(schema, s => JsonSchema.FromText(s));
            var result = validator.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return result.IsValid ? null : $"invalid under the schema: {text}";
        }
    }
}
