using System.Text.Json;
using System.Text.RegularExpressions;
using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Accepts a response that parses as JSON and satisfies the schema (JsonSchema.Net). A response wrapped in one
/// Markdown code fence (<c>```json ... ```</c>) is unwrapped first, since chat models often fence JSON. The schema is
/// checked when the verifier is built.
/// </summary>
public sealed class JsonSchemaVerifier : CandidateVerifier
{
    private const int MaxReportedViolations = 5;
    private readonly CompiledJsonSchema _schema;
    private readonly int _maxDepth;

    public JsonSchemaVerifier(string name, string schemaJson, int maxDepth = 64)
        : this(name, JsonSchemaParser.Parse(schemaJson), maxDepth)
    {
    }

    public JsonSchemaVerifier(string name, CompiledJsonSchema schema, int maxDepth = 64)
        : base(name, maxDegreeOfParallelism: 1)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (maxDepth < 1)
        {
            throw new InvalidVerifierConfigurationException($"JSON verifier '{name}': max depth must be at least 1, got {maxDepth}.");
        }

        _schema = schema;
        _maxDepth = maxDepth;
    }

    protected override ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Unfence(candidate.Text), new JsonDocumentOptions { MaxDepth = _maxDepth });
        }
        catch (JsonException ex)
        {
            return ValueTask.FromResult(Verdict.Reject($"response is not valid JSON: {ex.Message}"));
        }

        using (document)
        {
            IReadOnlyList<SchemaViolation> violations;
            try
            {
                violations = _schema.Validate(document.RootElement);
            }
            catch (RegexMatchTimeoutException ex)
            {
                return ValueTask.FromResult(Verdict.Reject($"pattern '{ex.Pattern}' timed out after {ex.MatchTimeout.TotalMilliseconds:0} ms"));
            }

            return ValueTask.FromResult(violations.Count == 0
                ? Verdict.Accept("valid JSON matching the schema")
                : Verdict.Reject($"{violations.Count} schema violation(s): "
                    + string.Join("; ", violations.Take(MaxReportedViolations))));
        }
    }

    internal static string Unfence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstNewline = trimmed.IndexOf('\n');
        return firstNewline < 0 ? trimmed : trimmed[(firstNewline + 1)..^3].Trim();
    }
}
