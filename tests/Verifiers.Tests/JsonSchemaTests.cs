using System.Text.Json;

namespace Inference.Verifiers.Tests;

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
    [InlineData("""{"name":"Ann","age":30}""", null)]
    [InlineData("""{"name":"Ann","age":30.0,"score":null,"tags":["a",3.0],"kind":{"x":[1,2.0]}}""", null)]
    [InlineData("""{"name":"Ann","age":30,"score":1}""", null)]
    [InlineData("""{"age":30}""", "$: missing required property 'name'")]
    [InlineData("""{"name":"Ann","age":30.5}""", "$.age: expected integer, got number")]
    [InlineData("""{"name":"Ann","age":"30"}""", "$.age: expected integer, got string")]
    [InlineData("""{"name":"Ann","age":-1}""", "$.age: -1 is less than the minimum 0")]
    [InlineData("""{"name":"Ann","age":150}""", "$.age: 150 is not less than the exclusive maximum 150")]
    [InlineData("""{"name":"Ann","age":1,"score":0}""", "$.score: 0 is not greater than the exclusive minimum 0")]
    [InlineData("""{"name":"Ann","age":1,"score":1.5}""", "$.score: 1.5 is greater than the maximum 1")]
    [InlineData("""{"name":"Ann","age":1,"score":true}""", "$.score: expected number or null, got boolean")]
    [InlineData("""{"name":"","age":1}""", "$.name: string of length 0 is shorter than minLength 1")]
    [InlineData("""{"name":"Annabel","age":1}""", "$.name: string of length 7 is longer than maxLength 5")]
    [InlineData("""{"name":"ann","age":1}""", "$.name: string does not match pattern '^[A-Z]'")]
    [InlineData("""{"name":"Ann","age":1,"tags":[]}""", "$.tags: array of 0 items has fewer than minItems 1")]
    [InlineData("""{"name":"Ann","age":1,"tags":["a","b","a"]}""", "$.tags: array of 3 items has more than maxItems 2")]
    [InlineData("""{"name":"Ann","age":1,"tags":["c"]}""", "$.tags[0]: value is not one of the 3 allowed values")]
    [InlineData("""{"name":"Ann","age":1,"kind":{"x":[2,1]}}""", """$.kind: value must be { "x": [1, 2] }""")]
    [InlineData("""{"name":"Ann","age":1,"extra":true}""", "$: property 'extra' is not allowed (additionalProperties is false)")]
    [InlineData("""[1]""", "$: expected object, got array")]
    public void ValidatesTheSupportedKeywords(string instance, string? firstViolation)
    {
        var schema = JsonSchemaParser.Parse(Person);
        using var document = JsonDocument.Parse(instance);
        var violations = schema.Validate(document.RootElement);
        if (firstViolation is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(firstViolation, violations[0].ToString());
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
        Assert.Equal(["$.a[1]: value must be 1", "$.b: no value is allowed here (schema false)"], violations.Select(v => v.ToString()));
    }

    [Theory]
    [InlineData("""{"type":"strng"}""", "#/type", "unknown type 'strng'")]
    [InlineData("""{"type":[]}""", "#/type", "at least one type")]
    [InlineData("""{"properties":{"a":{"minimum":"1"}}}""", "#/properties/a/minimum", "must be a number")]
    [InlineData("""{"minLength":-1}""", "#/minLength", "non-negative integer")]
    [InlineData("""{"maxItems":1.5}""", "#/maxItems", "non-negative integer")]
    [InlineData("""{"pattern":"(unclosed"}""", "#/pattern", "invalid regular expression")]
    [InlineData("""{"required":["a","a"]}""", "#/required", "listed twice")]
    [InlineData("""{"enum":[]}""", "#/enum", "non-empty array")]
    [InlineData("""{"items":[{"type":"string"}]}""", "#/items", "tuple form")]
    [InlineData("""{"additionalProperties":{"type":"string"}}""", "#/additionalProperties", "only true/false")]
    [InlineData("""{"exclusiveMinimum":true}""", "#/exclusiveMinimum", "draft-4 boolean form")]
    [InlineData("""{"minimum":5,"maximum":1}""", "#", "minimum 5 is greater than maximum 1")]
    [InlineData("""{"anyOf":[{"type":"string"}]}""", "#/anyOf", "not supported")]
    [InlineData("""{"properties":{"a":{}},"required":["b"],"additionalProperties":false}""", "#", "'b' is required")]
    [InlineData("""[1]""", "#", "must be an object or a boolean")]
    [InlineData("""{"type": """, "#", "not valid JSON")]
    public void InvalidSchemasAreTypedErrorsNamingTheLocation(string schema, string path, string fragment)
    {
        var ex = Assert.Throws<InvalidJsonSchemaException>(() => JsonSchemaParser.Parse(schema));
        Assert.Equal(path, ex.SchemaPath);
        Assert.Contains(fragment, ex.Message);
        Assert.IsAssignableFrom<InvalidVerifierConfigurationException>(ex);
    }
}
