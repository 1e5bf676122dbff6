using System.Text.Json;

namespace Inference.Engine.Constraints;

/// <summary>
/// Compiles the JSON Schema subset of OpenAI's strict structured outputs into a <see cref="Grammar"/>: types object,
/// array, string, number, integer, boolean, null (one or a list), enum, const, properties, required,
/// additionalProperties (false, true or absent), items, anyOf, and $ref to "#" or a JSON pointer into the document
/// (so $defs and definitions, recursive references included). Annotations (title, description, $schema, $comment,
/// examples, default, deprecated, readOnly, writeOnly) are ignored; every other keyword is refused with a
/// <see cref="ConstraintCompileException"/> naming it and its JSON pointer.
/// </summary>
/// <remarks>
/// Objects are written with their properties in the declared order; a property not in "required" may be left out.
/// No other properties are generated, whatever additionalProperties says (the output is valid either way), except
/// that an object schema without "properties" and without additionalProperties false stands for any object. Every
/// $defs entry is compiled, used or not, so an unsupported keyword anywhere is reported. Whitespace (see
/// <see cref="JsonLexicon"/>) may come before the document and between its tokens, not after it: the document ends
/// with its last character, so the sample ends there too.
/// </remarks>
internal sealed class JsonSchemaCompiler
{
    private static readonly HashSet<string> Annotations =
        ["title", "description", "$schema", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"];

    private static readonly HashSet<string> Supported =
        ["type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs", "definitions"];

    private static readonly string[] Types = ["object", "array", "string", "number", "integer", "boolean", "null"];

    private readonly JsonElement root;
    private readonly GrammarBuilder b = new();
    private readonly JsonLexicon json;
    private readonly Dictionary<string, int> rules = new(StringComparer.Ordinal);

    private JsonSchemaCompiler(JsonElement root)
    {
        this.root = root;
        json = new JsonLexicon(b);
    }

    public static Grammar Compile(JsonElement schema)
    {
        var compiler = new JsonSchemaCompiler(schema);
        var top = compiler.b.NewRule("document");
        compiler.b.Finish(compiler.Schema(compiler.json.Whitespace(compiler.b.Start(top)), schema, ""), top);
        return compiler.b.Build(top);
    }

    /// <summary>Any JSON object, after optional whitespace (OpenAI's json_object response format).</summary>
    public static Grammar AnyObject()
    {
        var b = new GrammarBuilder();
        var json = new JsonLexicon(b);
        var top = b.NewRule("document");
        b.Finish(json.Object(json.Whitespace(b.Start(top))), top);
        return b.Build(top);
    }

    /// <summary>Matches one value of <paramref name="schema"/> (at <paramref name="pointer"/>) from <paramref name="from"/>.</summary>
    private int Schema(int from, JsonElement schema, string pointer)
    {
        if (schema.ValueKind == JsonValueKind.True) return json.Value(from);
        if (schema.ValueKind == JsonValueKind.False)
            throw new ConstraintCompileException($"The schema at '{Display(pointer)}' is false: no value satisfies it.", pointer);
        if (schema.ValueKind != JsonValueKind.Object)
            throw new ConstraintCompileException($"The schema at '{Display(pointer)}' must be an object or a boolean.", pointer);

        var keywords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in schema.EnumerateObject())
        {
            if (Annotations.Contains(property.Name)) continue;
            if (!Supported.Contains(property.Name))
                throw new ConstraintCompileException(
                    $"The JSON Schema keyword '{property.Name}' (at '{Display(pointer + "/" + Escape(property.Name))}') is not supported in structured outputs.",
                    pointer + "/" + Escape(property.Name), property.Name);
            keywords.Add(property.Name);
        }
        foreach (var defs in (string[])["$defs", "definitions"])
        {
            if (!schema.TryGetProperty(defs, out var entries)) continue;
            if (entries.ValueKind != JsonValueKind.Object)
                throw new ConstraintCompileException($"'{defs}' must be an object of schemas.", pointer + "/" + defs, defs);
            foreach (var entry in entries.EnumerateObject()) Rule(pointer + "/" + defs + "/" + Escape(entry.Name));
        }
        keywords.Remove("$defs");
        keywords.Remove("definitions");

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Alone(keywords, "$ref", pointer);
            if (reference.ValueKind != JsonValueKind.String)
                throw new ConstraintCompileException("'$ref' must be a string.", pointer + "/$ref", "$ref");
            return b.CallRule(from, Rule(Resolve(reference.GetString()!, pointer + "/$ref")));
        }
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            Alone(keywords, "anyOf", pointer);
            if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
                throw new ConstraintCompileException("'anyOf' must be a non-empty array of schemas.", pointer + "/anyOf", "anyOf");
            var alternatives = anyOf.EnumerateArray().Select((s, i) => (Func<int, int>)(f => Schema(f, s, $"{pointer}/anyOf/{i}"))).ToList();
            return b.Choice(from, alternatives);
        }

        var types = TypesOf(schema, pointer);
        if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("const", out _)) return Values(from, schema, keywords, types, pointer);

        types ??= keywords.Overlaps(["properties", "required", "additionalProperties"]) ? ["object"]
            : keywords.Contains("items") ? ["array"]
            : null;
        if (types is null) return json.Value(from);
        return b.Choice(from, types.Select(type => (Func<int, int>)(f => Typed(f, schema, type, pointer))));
    }

    private int Typed(int from, JsonElement schema, string type, string pointer) => type switch
    {
        "object" => Object(from, schema, pointer),
        "array" => Array(from, schema, pointer),
        "string" => json.String(from),
        "number" => json.Number(from),
        "integer" => json.Integer(from),
        "boolean" => json.Boolean(from),
        _ => json.Null(from),
    };

    private int Object(int from, JsonElement schema, string pointer)
    {
        var closed = false;
        if (schema.TryGetProperty("additionalProperties", out var additional))
        {
            if (additional.ValueKind == JsonValueKind.False) closed = true;
            else if (additional.ValueKind != JsonValueKind.True)
                throw new ConstraintCompileException(
                    "'additionalProperties' must be false or true: a schema for additional properties is not supported.",
                    pointer + "/additionalProperties", "additionalProperties");
        }
        var properties = new List<(string Name, JsonElement Schema)>();
        if (schema.TryGetProperty("properties", out var declared))
        {
            if (declared.ValueKind != JsonValueKind.Object)
                throw new ConstraintCompileException("'properties' must be an object of schemas.", pointer + "/properties", "properties");
            foreach (var property in declared.EnumerateObject()) properties.Add((property.Name, property.Value));
        }
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var names))
        {
            if (names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
                throw new ConstraintCompileException("'required' must be an array of property names.", pointer + "/required", "required");
            var i = 0;
            foreach (var name in names.EnumerateArray())
            {
                if (!properties.Any(p => p.Name == name.GetString()))
                    throw new ConstraintCompileException(
                        $"'required' names '{name.GetString()}', which is not declared in 'properties': its value cannot be generated.",
                        $"{pointer}/required/{i}", "required");
                required.Add(name.GetString()!);
                i++;
            }
        }
        if (properties.Count == 0 && !closed) return json.Object(from);

        // Members in declared order. Two nodes per position: nothing written yet, or something written (the next
        // member needs a comma); an optional member may be skipped from either.
        var open = json.Whitespace(b.Literal(from, "{"u8));
        int? empty = open, written = null;
        foreach (var (name, property) in properties)
        {
            var propertyPointer = pointer + "/properties/" + Escape(name);
            int Member(int f) => json.Whitespace(Schema(json.Whitespace(b.Literal(json.Whitespace(json.StringLiteral(f, name)), ":"u8)), property, propertyPointer));
            var after = b.NewNode(from);
            if (empty is { } e) b.Epsilon(Member(e), after);
            if (written is { } w) b.Epsilon(Member(json.Whitespace(b.Literal(w, ","u8))), after);
            if (required.Contains(name))
            {
                empty = null;
                written = after;
            }
            else
            {
                if (written is { } w2) b.Epsilon(w2, after);
                written = after; // "empty" stays: skipping this member writes nothing
            }
        }
        var close = b.NewNode(from);
        if (empty is { } end1) b.Epsilon(end1, close);
        if (written is { } end2) b.Epsilon(end2, close);
        return b.Literal(close, "}"u8);
    }

    private int Array(int from, JsonElement schema, string pointer)
    {
        if (!schema.TryGetProperty("items", out var items)) return json.Elements(from, json.Value, 0, -1);
        if (items.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            throw new ConstraintCompileException("'items' must be a schema (an object or a boolean).", pointer + "/items", "items");
        if (items.ValueKind == JsonValueKind.False) return json.Elements(from, json.Value, 0, 0);
        return json.Elements(from, f => Schema(f, items, pointer + "/items"), 0, -1);
    }

    /// <summary>enum or const: exactly one of the listed values.</summary>
    private int Values(int from, JsonElement schema, HashSet<string> keywords, string[]? types, string pointer)
    {
        foreach (var keyword in keywords)
            if (keyword is not ("enum" or "const" or "type"))
                throw new ConstraintCompileException($"'{keyword}' alongside enum/const is not supported.", pointer + "/" + Escape(keyword), keyword);
        if (keywords.Contains("enum") && keywords.Contains("const"))
            throw new ConstraintCompileException("Use either 'enum' or 'const', not both.", pointer + "/const", "const");
        var keyword1 = keywords.Contains("enum") ? "enum" : "const";
        var element = schema.GetProperty(keyword1);
        List<JsonElement> values;
        if (keyword1 == "const")
        {
            values = [element];
        }
        else
        {
            if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
                throw new ConstraintCompileException("'enum' must be a non-empty array.", pointer + "/enum", "enum");
            values = element.EnumerateArray().ToList();
        }
        for (var i = 0; i < values.Count; i++)
            if (types is not null && !types.Any(t => Fits(values[i], t)))
                throw new ConstraintCompileException(
                    $"The {keyword1} value {values[i].GetRawText()} is not of the schema's type ({string.Join(", ", types)}).",
                    keyword1 == "enum" ? $"{pointer}/enum/{i}" : pointer + "/const", keyword1);
        return b.Choice(from, values.Select(v => (Func<int, int>)(f => json.ValueLiteral(f, v))));
    }

    private static bool Fits(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == Math.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => value.ValueKind == JsonValueKind.Null,
    };

    private static string[]? TypesOf(JsonElement schema, string pointer)
    {
        if (!schema.TryGetProperty("type", out var type)) return null;
        var names = type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array when type.GetArrayLength() > 0 && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String)
                => type.EnumerateArray().Select(t => t.GetString()!).ToArray(),
            _ => throw new ConstraintCompileException("'type' must be a type name or a non-empty array of them.", pointer + "/type", "type"),
        };
        foreach (var name in names)
            if (!Types.Contains(name))
                throw new ConstraintCompileException($"Unknown type '{name}' (expected one of {string.Join(", ", Types)}).", pointer + "/type", "type");
        return names.Distinct().ToArray();
    }

    /// <summary>$ref and anyOf stand alone (besides annotations and $defs): combining them with other keywords is refused.</summary>
    private static void Alone(HashSet<string> keywords, string keyword, string pointer)
    {
        foreach (var other in keywords)
            if (other != keyword)
                throw new ConstraintCompileException($"'{other}' alongside '{keyword}' is not supported.", pointer + "/" + Escape(other), other);
    }

    /// <summary>The rule for the schema at <paramref name="pointer"/>, compiled once (so references may recurse).</summary>
    private int Rule(string pointer)
    {
        if (rules.TryGetValue(pointer, out var rule)) return rule;
        rule = b.NewRule(pointer);
        rules[pointer] = rule;
        b.Finish(Schema(b.Start(rule), Find(pointer), pointer), rule);
        return rule;
    }

    /// <summary>A local reference ("#" or "#/json/pointer") as a JSON pointer.</summary>
    private string Resolve(string reference, string at)
    {
        if (reference != "#" && !reference.StartsWith("#/", StringComparison.Ordinal))
            throw new ConstraintCompileException($"Only local $ref values ('#' or '#/...') are supported; got '{reference}'.", at, "$ref");
        var pointer = Uri.UnescapeDataString(reference[1..]);
        try
        {
            Find(pointer);
        }
        catch (KeyNotFoundException)
        {
            throw new ConstraintCompileException($"The $ref '{reference}' points to nothing in the schema.", at, "$ref");
        }
        return pointer;
    }

    private JsonElement Find(string pointer)
    {
        var element = root;
        if (pointer.Length == 0) return element;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var child)) element = child;
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < element.GetArrayLength())
                element = element[index];
            else throw new KeyNotFoundException(pointer);
        }
        return element;
    }

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    private static string Display(string pointer) => "#" + pointer;
}
