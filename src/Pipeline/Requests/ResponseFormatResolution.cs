using System.Text.Json;
using Inference.Engine.Constraints;
using Inference.Protocol;
using static Inference.Pipeline.Requests.RequestValidation;

namespace Inference.Pipeline.Requests;

/// <summary>
/// response_format -> the constraint the engine decodes under: text none, json_object any JSON object, json_schema a
/// document valid under the schema. The schema is always enforced by decoding, whether or not "strict" is set (a
/// non-strict OpenAI model may ignore it; this server never does). A schema outside the supported subset is a 400
/// naming response_format.json_schema.schema, with the keyword and where it is.
/// </summary>
public static class ResponseFormatResolution
{
    public const string Param = "response_format";

    public static TokenConstraint? Constraint(ResponseFormatRequest? format) => format switch
    {
        null or TextResponseFormat => null,
        JsonObjectResponseFormat => TokenConstraint.JsonObject,
        JsonSchemaResponseFormat { JsonSchema: null } =>
            throw Bad($"{Param}.json_schema", "A json_schema response format needs a \"json_schema\" object with a \"name\" and a \"schema\"."),
        JsonSchemaResponseFormat { JsonSchema: var spec } => Schema(spec),
        _ => throw Bad($"{Param}.type", $"Unknown response_format type '{format.Type}'. Known: text, json_object, json_schema."),
    };

    private static TokenConstraint Schema(JsonSchemaSpec spec)
    {
        if (string.IsNullOrEmpty(spec.Name))
            throw Bad($"{Param}.json_schema.name", "json_schema needs a \"name\" (letters, digits, '_' and '-', at most 64).");
        if (spec.Name.Length > 64 || !spec.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw Bad($"{Param}.json_schema.name", $"json_schema.name '{spec.Name}' may contain only letters, digits, '_' and '-', at most 64 of them.");
        // OpenAI lets the schema out; a document is then any JSON object.
        if (spec.Schema is not { ValueKind: not JsonValueKind.Null } schema) return TokenConstraint.JsonObject;
        return Compile(schema, $"{Param}.json_schema.schema");
    }

    /// <summary>A schema compiled for decoding; its compile errors become 400s naming <paramref name="param"/>.</summary>
    public static TokenConstraint Compile(JsonElement schema, string param)
    {
        try
        {
            return TokenConstraint.FromJsonSchema(schema);
        }
        catch (ConstraintCompileException e)
        {
            throw Bad(param, e.Message); // the message names the keyword and where it is
        }
    }
}
