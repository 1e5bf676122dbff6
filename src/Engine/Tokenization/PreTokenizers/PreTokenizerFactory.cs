using System.Text.Json;

namespace Inference.Engine.Tokenization.PreTokenizers;

internal static class PreTokenizerFactory
{
    public static IPreTokenizer? Create(JsonElement element, JsonReading json)
    {
        if (JsonReading.IsNull(element))
        {
            return null;
        }
        var type = json.TypeOf(element, "pre_tokenizer");
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(json.Bool(element, "add_prefix_space", true), json.Bool(element, "use_regex", true)),
            "Split" => new SplitPreTokenizer(
                TextPattern.FromJson(element, json),
                SplitBehaviorApplier.Parse(json.String(element, "behavior"), json),
                json.Bool(element, "invert", false)),
            "Metaspace" => CreateMetaspace(element, json),
            "Whitespace" => new SplitPreTokenizer(TextPattern.FromRegex(@"\w+|[^\w\s]+", json.FilePath), SplitBehavior.Removed, invert: true),
            "WhitespaceSplit" => CharClassPreTokenizer.WhitespaceSplit(),
            "Digits" => CharClassPreTokenizer.Digits(json.Bool(element, "individual_digits", false)),
            "Sequence" => new SequencePreTokenizer(
                json.Array(element, "pretokenizers").EnumerateArray().Select(p => Create(p, json))
                    .Where(p => p is not null).Select(p => p!).ToArray()),
            _ => throw json.Unsupported("pre_tokenizer", type),
        };
    }

    private static MetaspacePreTokenizer CreateMetaspace(JsonElement element, JsonReading json)
    {
        var replacement = json.OptionalString(element, "replacement") ?? "\u2581";
        if (replacement.Length != 1)
        {
            throw json.Unsupported("pre_tokenizer", "Metaspace", $"replacement '{replacement}' is not one UTF-16 character");
        }
        return new MetaspacePreTokenizer(replacement[0], ParsePrependScheme(element, json), json.Bool(element, "split", true));
    }

    public static PrependScheme ParsePrependScheme(JsonElement element, JsonReading json)
    {
        var scheme = json.OptionalString(element, "prepend_scheme");
        if (scheme is null)
        {
            // Files written before prepend_scheme existed carry add_prefix_space instead.
            return json.Bool(element, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
        }
        return scheme switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw json.Unsupported("pre_tokenizer", "Metaspace", $"prepend_scheme '{scheme}'"),
        };
    }
}
