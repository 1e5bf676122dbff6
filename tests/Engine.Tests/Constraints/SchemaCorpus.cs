namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// The JSON Schemas the constrained-generation tests draw from: together they use every supported keyword (type and
/// type lists, properties, required, additionalProperties false/true/absent, items, enum, const, anyOf, $ref to $defs,
/// definitions and the root, recursion), nesting, strings that need escapes, unicode, integers and numbers.
/// </summary>
internal static class SchemaCorpus
{
    public static readonly (string Name, string Schema)[] Schemas =
    [
        ("answer", """{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"],"additionalProperties":false}"""),
        ("person", """
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"email":{"type":["string","null"]}},
             "required":["name","age","email"],"additionalProperties":false}
            """),
        ("numbers", """{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"n":{"type":"integer"}},"required":["x","y","n"],"additionalProperties":false}"""),
        ("boolean and null", """{"type":"object","properties":{"flag":{"type":"boolean"},"nothing":{"type":"null"}},"required":["flag","nothing"],"additionalProperties":false}"""),
        ("unicode enum", """{"type":"object","properties":{"color":{"type":"string","enum":["red","grün","青","🙂 smile"]}},"required":["color"],"additionalProperties":false}"""),
        ("const", """{"type":"object","properties":{"version":{"const":"1.0"},"kind":{"const":3}},"required":["version","kind"],"additionalProperties":false}"""),
        ("array of strings", """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}}},"required":["tags"],"additionalProperties":false}"""),
        ("array of objects", """
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"label":{"type":"string"}},
             "required":["id","label"],"additionalProperties":false}}},"required":["items"],"additionalProperties":false}
            """),
        ("nested", """
            {"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","properties":{"c":{"type":"boolean"}},"required":["c"],
             "additionalProperties":false}},"required":["b"],"additionalProperties":false}},"required":["a"],"additionalProperties":false}
            """),
        ("anyOf", """
            {"type":"object","properties":{"value":{"anyOf":[{"type":"string"},{"type":"integer"},
             {"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"],"additionalProperties":false}]}},"required":["value"],"additionalProperties":false}
            """),
        ("recursive tree", """
            {"$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},
             "required":["name","children"],"additionalProperties":false}},"$ref":"#/$defs/node"}
            """),
        ("recursive list", """
            {"type":"object","properties":{"value":{"type":"integer"},"next":{"anyOf":[{"$ref":"#"},{"type":"null"}]}},"required":["value","next"],"additionalProperties":false}
            """),
        ("optional properties", """
            {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"},"d":{"type":"number"}},"required":["b"],"additionalProperties":false}
            """),
        ("escapes", """{"type":"object","properties":{"s":{"enum":["a\"b","back\\slash","tab\there","new\nline","nul\u0001"]}},"required":["s"],"additionalProperties":false}"""),
        ("mixed enum", """{"enum":[1,"one",true,null,1.5,{"k":[1,2]},[]]}"""),
        ("array of integers", """{"type":"array","items":{"type":"integer"}}"""),
        ("string", """{"type":"string"}"""),
        ("definitions", """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"],"additionalProperties":false}},
             "type":"object","properties":{"from":{"$ref":"#/definitions/point"},"to":{"$ref":"#/definitions/point"}},"required":["from","to"],"additionalProperties":false}
            """),
        ("anything", """{}"""),
        ("any object", """{"type":"object","description":"an object of any shape"}"""),
        ("empty object", """{"type":"object","properties":{},"additionalProperties":false}"""),
        ("unicode keys", """{"type":"object","properties":{"ключ":{"type":"string"},"quote\"d":{"type":"integer"},"emoji🙂":{"type":"boolean"}},"required":["ключ","quote\"d","emoji🙂"],"additionalProperties":false}"""),
        ("type list", """{"type":"object","properties":{"v":{"type":["integer","string","boolean"]}},"required":["v"],"additionalProperties":false}"""),
        ("open object", """{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}"""),
        ("numbers in arrays", """{"type":"object","properties":{"ints":{"type":"array","items":{"type":"integer"}},"reals":{"type":"array","items":{"type":"number"}}},"required":["ints","reals"],"additionalProperties":false}"""),
        ("tool call", """
            {"type":"object","properties":{"name":{"const":"get_weather"},"arguments":{"type":"object","properties":{"city":{"type":"string"},
             "unit":{"enum":["celsius","fahrenheit"]},"days":{"type":"integer"}},"required":["city","unit","days"],"additionalProperties":false}},
             "required":["name","arguments"],"additionalProperties":false}
            """),
    ];
}
