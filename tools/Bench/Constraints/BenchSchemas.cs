namespace Inference.Bench.Constraints;

/// <summary>The JSON Schemas the constrained benchmark uses.</summary>
internal static class BenchSchemas
{
    /// <summary>A record a model might be asked to extract: strings, numbers, a nested object and arrays.</summary>
    public const string Decode = """
        {"type":"object","properties":{
          "name":{"type":"string"},"age":{"type":"integer"},"email":{"type":["string","null"]},
          "address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"},"zip":{"type":"string"}},
                     "required":["street","city","zip"],"additionalProperties":false},
          "tags":{"type":"array","items":{"type":"string"}},"scores":{"type":"array","items":{"type":"number"}},
          "status":{"enum":["active","inactive","pending"]},"verified":{"type":"boolean"}},
         "required":["name","age","email","address","tags","scores","status","verified"],"additionalProperties":false}
        """;

    /// <summary>
    /// A 50-property object (strings, integers, numbers, booleans, enums, arrays, nested objects, nullable fields), all
    /// required; <paramref name="salt"/> goes into its description so that each call compiles afresh (no cache hit).
    /// </summary>
    public static string FiftyProperties(int salt)
    {
        var properties = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var schema = (i % 8) switch
            {
                0 => """{"type":"string"}""",
                1 => """{"type":"integer"}""",
                2 => """{"type":"number"}""",
                3 => """{"type":"boolean"}""",
                4 => """{"enum":["low","medium","high","critical"]}""",
                5 => """{"type":"array","items":{"type":"string"}}""",
                6 => """{"type":"object","properties":{"id":{"type":"integer"},"label":{"type":"string"}},"required":["id","label"],"additionalProperties":false}""",
                _ => """{"type":["string","null"]}""",
            };
            properties.Add($"\"field_{i:D2}\":{schema}");
        }
        var required = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"field_{i:D2}\""));
        return $$"""{"description":"run {{salt}}","type":"object","properties":{{{string.Join(",", properties)}}},"required":[{{required}}],"additionalProperties":false}""";
    }
}
