using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Json.Schema.Keywords;

namespace Inference.Verifiers;

/// <summary>
/// Builds a schema from a request with JsonSchema.Net, so a bad schema fails when the verifier is built
/// (<see cref="InvalidJsonSchemaException"/> naming the location, e.g. <c>#/properties/age/minimum</c>), never while
/// candidates are judged. The dialect is draft 2020-12 unless <c>$schema</c> names another draft. Beyond what the library
/// checks: an unknown keyword is refused (it would silently check nothing), every <c>$ref</c> must resolve inside the
/// schema (nothing is fetched), and every pattern runs with a time limit (a request's pattern meets model output).
/// Each schema gets its own registries, so one request's <c>$id</c>s never meet another's.
/// </summary>
public static class JsonSchemaParser
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly EvaluationOptions MetaSchemaOptions = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static CompiledJsonSchema Parse(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new InvalidJsonSchemaException("#", $"the schema is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    public static CompiledJsonSchema Parse(JsonElement root)
    {
        root = root.Clone();
        JsonSchema schema;
        try
        {
            schema = JsonSchema.Build(root, new BuildOptions
            {
                Dialect = Dialect.Draft202012,
                SchemaRegistry = new SchemaRegistry(),
                DialectRegistry = new DialectRegistry(),
            });
        }
        catch (Exception ex) when (ex is JsonSchemaException or ArgumentException or KeyNotFoundException)
        {
            throw new InvalidJsonSchemaException(MetaSchemaViolation(root)?.Location ?? "#", ex.Message);
        }

        if (MetaSchemaViolation(root) is { } violation) throw new InvalidJsonSchemaException(violation.Location, violation.Problem);
        Check(schema.Root, "#", new HashSet<JsonSchemaNode>(ReferenceEqualityComparer.Instance));
        return new CompiledJsonSchema(schema);
    }

    /// <summary>Where the schema first fails its draft's meta-schema, and why; null when it passes.</summary>
    private static (string Location, string Problem)? MetaSchemaViolation(JsonElement root)
    {
        var draft = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
        var metaSchema = draft switch
        {
            null => MetaSchemas.Draft202012,
            _ when draft == MetaSchemas.Draft202012Id.OriginalString => MetaSchemas.Draft202012,
            _ when draft == MetaSchemas.Draft201909Id.OriginalString => MetaSchemas.Draft201909,
            _ when draft == MetaSchemas.Draft7Id.OriginalString => MetaSchemas.Draft7,
            _ when draft == MetaSchemas.Draft6Id.OriginalString => MetaSchemas.Draft6,
            _ => null,
        };
        var results = metaSchema?.Evaluate(root, MetaSchemaOptions);
        if (results is null || results.IsValid) return null;
        var failed = (results.Details ?? []).Prepend(results).Where(r => r.Errors is { Count: > 0 }).ToList();
        if (failed.Count == 0) return null;
        var deepest = failed.MaxBy(r => r.InstanceLocation.SegmentCount)!.InstanceLocation;
        var problems = failed.Where(r => r.InstanceLocation == deepest).SelectMany(r => r.Errors!.Values).Distinct();
        return ("#" + deepest, string.Join("; ", problems));
    }

    /// <param name="at">Where <paramref name="node"/> sits, as a JSON Pointer fragment (a node reached first through a
    /// $ref is named by the reference).</param>
    private static void Check(JsonSchemaNode node, string at, HashSet<JsonSchemaNode> seen)
    {
        if (!seen.Add(node)) return;
        foreach (var keyword in node.Keywords)
        {
            switch (keyword.Handler)
            {
                case AnnotationKeyword:
                    throw new InvalidJsonSchemaException(at, $"'{keyword.Value}' is not a keyword of this JSON Schema draft (2020-12 unless $schema names another)");
                case RefKeyword or Json.Schema.Keywords.Draft202012.DynamicRefKeyword when keyword.Subschemas.Length == 0:
                    throw new InvalidJsonSchemaException($"{at}/{keyword.Handler.Name}", $"{keyword.RawValue.GetRawText()} does not resolve inside the schema (nothing is fetched)");
                case PatternKeyword:
                    keyword.Value = Bounded(((Regex)keyword.Value!).ToString());
                    break;
                case PatternPropertiesKeyword:
                    keyword.Value = ((Dictionary<string, Regex>)keyword.Value!).ToDictionary(p => p.Key, p => Bounded(p.Key));
                    break;
            }

            foreach (var subschema in keyword.Subschemas) Check(subschema, $"{at}/{keyword.Handler.Name}{subschema.RelativePath}", seen);
        }
    }

    /// <summary>The library compiles patterns without a time limit; these replace them (same ECMAScript flavour).</summary>
    private static Regex Bounded(string pattern) => new(pattern, RegexOptions.ECMAScript, PatternTimeout);
}
