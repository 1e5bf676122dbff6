using System.Text.Json;
using Json.Schema;

namespace Inference.Verifiers;

/// <summary>
/// A JSON Schema built by JsonSchema.Net (<see cref="JsonSchemaParser.Parse(string)"/> checks it first) and evaluated
/// against one instance at a time. Safe to evaluate from one thread at a time per instance of the verifier.
/// </summary>
public sealed class CompiledJsonSchema
{
    private const int MaxViolations = 20;
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };
    private readonly JsonSchema schema;

    internal CompiledJsonSchema(JsonSchema schema) => this.schema = schema;

    /// <summary>
    /// Every failed assertion (at most 20), empty when the instance is valid; a value a <c>false</c> schema refuses
    /// (e.g. under <c>"additionalProperties": false</c>) is reported with the keyword "false" and where that schema sits. A pattern that runs past
    /// <see cref="JsonSchemaParser.PatternTimeout"/> throws <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>.
    /// </summary>
    public IReadOnlyList<SchemaViolation> Validate(JsonElement instance)
    {
        var results = schema.Evaluate(instance, Options);
        if (results.IsValid) return [];
        return results.Details is { Count: > 0 } details ? Violations(details) : Violations([results]);
    }

    private static List<SchemaViolation> Violations(IEnumerable<EvaluationResults> results) =>
        results.Where(r => r.Errors is not null)
            .SelectMany(r => r.Errors!.Select(e => e.Key.Length > 0
                ? new SchemaViolation(r.InstanceLocation.ToString(), e.Key, e.Value)
                : new SchemaViolation(r.InstanceLocation.ToString(), "false", $"{e.Value} at #{r.EvaluationPath}")))
            .Distinct()
            .Take(MaxViolations)
            .ToList();
}
