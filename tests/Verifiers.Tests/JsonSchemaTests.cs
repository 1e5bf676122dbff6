using System.Diagnostics;
using System.Text.Json;
using Inference.Selection;

namespace Inference.Verifiers.Tests;

/// <summary>
/// The json_schema verifier's schemas, built by JsonSchema.Net: which assertion fails where, and which schemas are
/// refused (with the location) before any candidate is judged.
/// </summary>
public class JsonSchemaTests
{
    private const string Person = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "person",
          "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 5, "pattern": "^[A-Z]" },
            "age": { "type": "integer", "minimum": 0, "exclusiveMaximum": 150 },
            "score": { "type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1 },
            "tags": { "type": "array", "items": { "enum": ["a", "b", 3] }, "minItems": 1, "maxItems": 2 },
            "kind": { "const": { "x": [1, 2] } }
          },
          "required": ["name", "age"],
          "additionalProperties": false
        }
        """;

    [Theory]
    [InlineData("""{"name":"Ann","age":30}""", null, null)]
    [InlineData("""{"name":"Ann","age":30.0,"score":null,"tags":["a",3.0],"kind":{"x":[1,2.0]}}""", null, null)]
    [InlineData("""{"name":"Ann","age":30,"score":1}""", null, null)]
    [InlineData("""{"age":30}""", "", "required")]
    [InlineData("""{"name":"Ann","age":30.5}""", "/age", "type")]
    [InlineData("""{"name":"Ann","age":"30"}""", "/age", "type")]
    [InlineData("""{"name":"Ann","age":-1}""", "/age", "minimum")]
    [InlineData("""{"name":"Ann","age":150}""", "/age", "exclusiveMaximum")]
    [InlineData("""{"name":"Ann","age":1,"score":0}""", "/score", "exclusiveMinimum")]
    [InlineData("""{"name":"Ann","age":1,"score":1.5}""", "/score", "maximum")]
    [InlineData("""{"name":"Ann","age":1,"score":true}""", "/score", "type")]
    [InlineData("""{"name":"","age":1}""", "/name", "minLength")]
    [InlineData("""{"name":"Annabel","age":1}""", "/name", "maxLength")]
    [InlineData("""{"name":"ann","age":1}""", "/name", "pattern")]
    [InlineData("""{"name":"Ann","age":1,"tags":[]}""", "/tags", "minItems")]
    [InlineData("""{"name":"Ann","age":1,"tags":["a","b","a"]}""", "/tags", "maxItems")]
    [InlineData("""{"name":"Ann","age":1,"tags":["c"]}""", "/tags/0", "enum")]
    [InlineData("""{"name":"Ann","age":1,"kind":{"x":[2,1]}}""", "/kind", "const")]
    [InlineData("""{"name":"Ann","age":1,"extra":true}""", "/extra", "false")]
    [InlineData("""[1]""", "", "type")]
    public void ReportsWhereAndWhichKeywordFails(string instance, string? path, string? keyword)
    {
        var schema = JsonSchemaParser.Parse(Person);
        using var document = JsonDocument.Parse(instance);
        var violations = schema.Validate(document.RootElement);
        if (path is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Contains((path, keyword!), violations.Select(v => (v.Path, v.Keyword)));
            Assert.All(violations, v => Assert.Equal(path, v.Path));
            Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Message)));
        }
    }

    [Fact]
    public void LengthsCountCodePointsAndBooleanSchemasWork()
    {
        using var emoji = JsonDocument.Parse("\"\\ud83d\\ude00\\ud83d\\ude00\"");
        Assert.Empty(JsonSchemaParser.Parse("""{"maxLength":2}""").Validate(emoji.RootElement));
        Assert.Empty(JsonSchemaParser.Parse("true").Validate(emoji.RootElement));
        Assert.Single(JsonSchemaParser.Parse("false").Validate(emoji.RootElement));
        using var items = JsonDocument.Parse("""{"a":[1,2],"b":0}""");
        var violations = JsonSchemaParser.Parse("""{"properties":{"a":{"items":{"const":1}},"b":false}}""").Validate(items.RootElement);
        Assert.Equal([("/a/1", "const"), ("/b", "false")], violations.Select(v => (v.Path, v.Keyword)).Order());
        Assert.Contains("/b: All values fail against the false schema at #/properties/b", violations.Select(v => v.ToString()));
    }

    [Theory]
    [InlineData("""{"type":"strng"}""", "#/type", "'strng' is not a valid JSON Schema value type")]
    [InlineData("""{"type":[]}""", "#/type", "at least 1 items")]
    [InlineData("""{"properties":{"a":{"minimum":"1"}}}""", "#/properties/a/minimum", "must be a number")]
    [InlineData("""{"minLength":-1}""", "#/minLength", "non-negative")]
    [InlineData("""{"maxItems":1.5}""", "#/maxItems", "integer")]
    [InlineData("""{"pattern":"(unclosed"}""", "#/pattern", "Invalid pattern")]
    [InlineData("""{"required":["a","a"]}""", "#/required", "duplicates")]
    [InlineData("""{"items":[{"type":"string"}]}""", "#/items", "must be a valid schema")]
    [InlineData("""{"exclusiveMinimum":true}""", "#/exclusiveMinimum", "must be a number")]
    [InlineData("""[1]""", "#", "booleans or objects")]
    [InlineData("""{"type": """, "#", "not valid JSON")]
    [InlineData("""{"requird":["a"]}""", "#", "'requird' is not a keyword")]
    [InlineData("""{"properties":{"a":{"minimun":1}}}""", "#/properties/a", "'minimun' is not a keyword")]
    [InlineData("""{"definitions":{"a":{}}}""", "#", "'definitions' is not a keyword of this JSON Schema draft")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "#/$ref", "does not resolve inside the schema")]
    [InlineData("""{"properties":{"a":{"$ref":"https://example.com/a.json"}}}""", "#/properties/a/$ref", "nothing is fetched")]
    [InlineData("""{"$schema":"https://example.com/my-dialect"}""", "#", "Cannot find dialect")]
    public void InvalidSchemasAreTypedErrorsNamingTheLocation(string schema, string path, string fragment)
    {
        var ex = Assert.Throws<InvalidJsonSchemaException>(() => JsonSchemaParser.Parse(schema));
        Assert.Equal(path, ex.SchemaPath);
        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith($"Invalid JSON schema at {path}: ", ex.Message);
        Assert.IsAssignableFrom<InvalidVerifierConfigurationException>(ex);
    }

    /// <summary>Keywords a hand-written subset refused are JSON Schema, and the library checks them.</summary>
    [Theory]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "\"x\"", "1.5")]
    [InlineData("""{"additionalProperties":{"type":"string"}}""", """{"a":"x"}""", """{"a":1}""")]
    [InlineData("""{"enum":[]}""", null, "1")]
    [InlineData("""{"minimum":5,"maximum":1}""", null, "3")]
    [InlineData("""{"properties":{"a":{}},"required":["b"],"additionalProperties":false}""", null, """{"a":1}""")]
    [InlineData("""{"$defs":{"n":{"type":"integer"}},"properties":{"a":{"$ref":"#/$defs/n"}}}""", """{"a":1}""", """{"a":"1"}""")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"s":{"type":"string"}},"items":[{"$ref":"#/definitions/s"}]}""", """["x",1]""", "[1]")]
    [InlineData("""{"patternProperties":{"^x":{"type":"integer"}},"additionalProperties":false}""", """{"x1":1}""", """{"y":1}""")]
    public void FullJsonSchemaIsChecked(string schema, string? valid, string invalid)
    {
        var compiled = JsonSchemaParser.Parse(schema);
        if (valid is not null)
        {
            using var ok = JsonDocument.Parse(valid);
            Assert.Empty(compiled.Validate(ok.RootElement));
        }

        using var bad = JsonDocument.Parse(invalid);
        Assert.NotEmpty(compiled.Validate(bad.RootElement));
    }

    /// <summary>A request's pattern meets model output: a catastrophic one is cut by the time limit, never left running.</summary>
    [Theory]
    [InlineData("""{"type":"string","pattern":"^(a+)+$"}""", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"")]
    [InlineData("""{"patternProperties":{"^(a+)+$":{}}}""", """{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!":1}""")]
    [InlineData("""{"propertyNames":{"pattern":"^(a+)+$"}}""", """{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!":1}""")]
    public async Task CatastrophicPatternsTimeOutAndTheCandidateIsRejected(string schema, string candidate)
    {
        var verifier = new JsonSchemaVerifier("json", schema);
        var clock = Stopwatch.StartNew();
        var verdict = (await verifier.VerifyAsync(new VerificationRequest("q"), Candidates.Texts(candidate), default))[0];
        Assert.Equal(VerdictStatus.Rejected, verdict.Status);
        Assert.StartsWith("pattern '^(a+)+$' timed out after 200 ms", verdict.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}"); // 2^44 steps would take hours
    }

    [Fact]
    public async Task TheVerdictNamesWhereAndWhy()
    {
        var verifier = new JsonSchemaVerifier("json", Person);
        var verdict = (await verifier.VerifyAsync(new VerificationRequest("q"), Candidates.Texts("""{"name":"Ann","age":30.5}"""), default))[0];
        Assert.Equal(Verdict.Reject("1 schema violation(s): /age: Value is \"number\" but should be \"integer\""), verdict);
    }
}
