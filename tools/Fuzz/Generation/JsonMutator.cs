using System.Text.Json.Nodes;

namespace Inference.Fuzz.Generation;

/// <summary>
/// Structure-aware mutations of a request tree, each returning what it did (or null when it did not apply): type
/// swaps, edge and huge numbers, huge counts (n, best_of, samples...), deep nesting, Unicode edge cases (escaped lone
/// surrogates and raw invalid UTF-8 included), duplicate keys, unknown fields, arrays for objects and back, removed and
/// emptied fields, out-of-range token ids and streaming switched on.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] CountFields =
        ["n", "best_of", "max_tokens", "max_completion_tokens", "top_logprobs", "logprobs", "min_tokens", "top_k", "seed", "samples", "k", "wave_size", "window"];

    /// <summary>Numbers at and past the edges of int, long and double, as literals when a double cannot hold them.</summary>
    private static readonly Func<JsonNode>[] EdgeNumbers =
    [
        () => JsonValue.Create(0), () => JsonValue.Create(-1), () => JsonValue.Create(int.MaxValue), () => JsonValue.Create(int.MinValue),
        () => JsonValue.Create(2147483648L), () => JsonValue.Create(long.MaxValue), () => JsonValue.Create(long.MinValue),
        () => JsonValue.Create(9007199254740993L), () => JsonValue.Create(0.5), () => JsonValue.Create(-0.0), () => JsonValue.Create(1e308),
        () => JsonValue.Create(-1e308), () => JsonValue.Create(double.Epsilon), () => JsonValue.Create(1e-320),
        () => JsonValue.Create(Sentinels.Literal("1e400")), () => JsonValue.Create(Sentinels.Literal("-1e400")),
        () => JsonValue.Create(Sentinels.Literal("123456789012345678901234567890")), () => JsonValue.Create(Sentinels.Literal("1E-400")),
        () => JsonValue.Create(Sentinels.Literal("-0")), () => JsonValue.Create(Sentinels.Literal("0.0000000000000000000000000001")),
    ];

    private static readonly Func<JsonObject, Random, string?>[] Mutations =
    [
        TypeSwap, EdgeNumber, HugeCount, HugeCount, DeepNesting, Unicode, Unicode, Unicode, DuplicateKey, UnknownField, ArrayForObject,
        Remove, Empty, TokenIds, Stream,
    ];

    /// <summary>Applies one random mutation (retrying others when one does not apply); returns its description.</summary>
    public static string Mutate(JsonObject root, Random random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
            if (Mutations[random.Next(Mutations.Length)](root, random) is { } done) return done;
        return UnknownField(root, random)!;
    }

    private static string? TypeSwap(JsonObject root, Random random)
    {
        var node = PickNode(root, random);
        if (node is null) return null;
        var replacement = random.Next(7) switch
        {
            0 => (JsonNode?)JsonValue.Create("7"),
            1 => JsonValue.Create(7),
            2 => JsonValue.Create(true),
            3 => new JsonArray(),
            4 => new JsonObject(),
            5 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
            _ => null,
        };
        var path = node.GetPath();
        Replace(node, replacement);
        return $"type swap at {path}";
    }

    private static string? EdgeNumber(JsonObject root, Random random)
    {
        var numbers = Nodes(root).Where(n => n.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList();
        var node = numbers.Count > 0 && random.Next(3) > 0 ? numbers[random.Next(numbers.Count)] : PickNode(root, random);
        if (node is null) return null;
        var path = node.GetPath();
        Replace(node, EdgeNumbers[random.Next(EdgeNumbers.Length)]());
        return $"edge number at {path}";
    }

    private static string? HugeCount(JsonObject root, Random random)
    {
        var field = CountFields[random.Next(CountFields.Length)];
        var owner = field is "samples" or "k" or "wave_size" or "window" ? Scaling(root, field is "wave_size" or "window") : root;
        if (owner is null) return null;
        owner[field] = random.Next(5) switch
        {
            0 => 1_000_000,
            1 => -5,
            2 => 4096,
            3 => 65,
            _ => int.MaxValue,
        };
        return $"huge count {field}={owner[field]!.ToJsonString()}";
    }

    private static string? DeepNesting(JsonObject root, Random random)
    {
        var node = PickNode(root, random);
        if (node is null) return null;
        var depth = random.Next(4) switch { 0 => random.Next(2, 40), 1 => 63, 2 => 65, _ => random.Next(100, 100_000) };
        var array = random.Next(2) == 0;
        var open = array ? "[" : "{\"a\":";
        var close = array ? "]" : "}";
        var path = node.GetPath();
        Replace(node, JsonValue.Create(Sentinels.Literal(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)))));
        return $"nesting {depth} deep at {path}";
    }

    private static string? Unicode(JsonObject root, Random random)
    {
        var strings = Nodes(root)
            .Where(n => n.GetValueKind() == System.Text.Json.JsonValueKind.String && !n.GetValue<string>().Contains("~!~", StringComparison.Ordinal))
            .ToList();
        if (strings.Count == 0) return null;
        var node = strings[random.Next(strings.Count)];
        var path = node.GetPath();
        var text = FuzzText.Pick(random);
        var original = node.GetValue<string>();
        Replace(node, JsonValue.Create(random.Next(3) switch { 0 => original + text, 1 => text + original, _ => text }));
        return $"text at {path}";
    }

    private static string? DuplicateKey(JsonObject root, Random random)
    {
        var objects = Objects(root).Where(o => o.Count > 0).ToList();
        if (objects.Count == 0) return null;
        var target = objects[random.Next(objects.Count)];
        var name = target.ElementAt(random.Next(target.Count)).Key;
        target[Sentinels.Duplicate(name, random.Next(1000))] = random.Next(3) switch
        {
            0 => JsonValue.Create(random.Next(-5, 100)),
            1 => JsonValue.Create(FuzzText.Pick(random)),
            _ => target[name]?.DeepClone(),
        };
        return $"duplicate key {target.GetPath()}.{name}";
    }

    private static string? UnknownField(JsonObject root, Random random)
    {
        var objects = Objects(root).ToList();
        var target = objects[random.Next(objects.Count)];
        var name = FuzzText.UnknownName(random);
        if (name.Contains("~!~", StringComparison.Ordinal) || target.ContainsKey(name)) name = "x_unknown";
        if (target.ContainsKey(name)) return null;
        target[name] = random.Next(3) switch
        {
            0 => JsonValue.Create(FuzzText.Pick(random)),
            1 => new JsonObject { ["nested"] = new JsonArray(1, 2, 3) },
            _ => JsonValue.Create(random.Next()),
        };
        return $"unknown field {target.GetPath()}.{name}";
    }

    private static string? ArrayForObject(JsonObject root, Random random)
    {
        var containers = Nodes(root).Where(n => n is JsonObject or JsonArray).ToList();
        if (containers.Count == 0) return null;
        var node = containers[random.Next(containers.Count)];
        var path = node.GetPath();
        JsonNode replacement = node is JsonObject o
            ? new JsonArray(o.DeepClone())
            : new JsonObject(((JsonArray)node).Select((e, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), e?.DeepClone())));
        Replace(node, replacement);
        return $"{(node is JsonObject ? "array for object" : "object for array")} at {path}";
    }

    private static string? Remove(JsonObject root, Random random)
    {
        var node = PickNode(root, random);
        if (node?.Parent is not JsonObject parent) return null;
        var path = node.GetPath();
        parent.Remove(node.GetPropertyName());
        return $"removed {path}";
    }

    private static string? Empty(JsonObject root, Random random)
    {
        var node = PickNode(root, random);
        if (node is null) return null;
        var path = node.GetPath();
        Replace(node, random.Next(4) switch { 0 => JsonValue.Create(""), 1 => new JsonArray(), 2 => new JsonObject(), _ => null });
        return $"emptied {path}";
    }

    private static string? TokenIds(JsonObject root, Random random)
    {
        JsonNode bad = random.Next(6) switch
        {
            0 => JsonValue.Create(-1),
            1 => JsonValue.Create(1_000_000_000),
            2 => JsonValue.Create(2147483648L),
            3 => JsonValue.Create(1.5),
            4 => JsonValue.Create(99_999),
            _ => JsonValue.Create(Sentinels.Literal("1e400")),
        };
        var field = random.Next(4) switch { 0 => "prompt", 1 => "tokens", 2 => "stop_token_ids", _ => "logit_bias" };
        if (field == "logit_bias") root[field] = new JsonObject { [random.Next(4) switch { 0 => "-1", 1 => "2147483648", 2 => "1e400", _ => "99999" }] = 1 };
        else root[field] = random.Next(2) == 0 ? new JsonArray(JsonValue.Create(1), bad) : new JsonArray(new JsonArray(bad));
        return $"token ids {field}";
    }

    private static string? Stream(JsonObject root, Random random)
    {
        root["stream"] = true;
        if (random.Next(2) == 0) root["stream_options"] = random.Next(2) == 0 ? new JsonObject { ["include_usage"] = true } : JsonValue.Create("yes");
        return "stream";
    }

    private static JsonObject? Scaling(JsonObject root, bool earlyStop)
    {
        if (root["test_time_scaling"] is not JsonObject tts)
        {
            if (!root.ContainsKey("messages") && !root.ContainsKey("prompt")) return null;
            root["test_time_scaling"] = tts = new JsonObject();
        }
        if (!earlyStop) return tts;
        if (tts["early_stop"] is not JsonObject stop) tts["early_stop"] = stop = new JsonObject { ["rule"] = "esc" };
        return stop;
    }

    private static JsonNode? PickNode(JsonObject root, Random random)
    {
        var nodes = Nodes(root).ToList();
        return nodes.Count == 0 ? null : nodes[random.Next(nodes.Count)];
    }

    /// <summary>Every non-null node below the root (JSON nulls have no node to replace).</summary>
    private static IEnumerable<JsonNode> Nodes(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is null) continue;
            yield return child;
            foreach (var below in Nodes(child)) yield return below;
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonObject root) => Nodes(root).OfType<JsonObject>().Prepend(root);

    private static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = replacement;
                break;
            case JsonArray a:
                a[node.GetElementIndex()] = replacement;
                break;
        }
    }
}
