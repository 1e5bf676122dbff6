using System.Text.Json;
using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Tokenization.Decoders;

internal static class DecoderFactory
{
    public static IDecoder? Create(JsonElement element, JsonReading json, IReadOnlySet<string> addedTokenContents)
    {
        if (JsonReading.IsNull(element))
        {
            return null;
        }
        var type = json.TypeOf(element, "decoder");
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(addedTokenContents),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Replace" => new ReplaceDecoder(TextPattern.FromJson(element, json), json.OptionalString(element, "content") ?? ""),
            "Strip" => new StripDecoder(SingleChar(json.String(element, "content"), "Strip", json), json.Int(element, "start", 0), json.Int(element, "stop", 0)),
            "Metaspace" => new MetaspaceDecoder(
                SingleChar(json.OptionalString(element, "replacement") ?? "\u2581", "Metaspace", json),
                PreTokenizerFactory.ParsePrependScheme(element, json)),
            "Sequence" => new SequenceDecoder(
                json.Array(element, "decoders").EnumerateArray().Select(d => Create(d, json, addedTokenContents))
                    .Where(d => d is not null).Select(d => d!).ToArray()),
            _ => throw json.Unsupported("decoder", type),
        };
    }

    private static char SingleChar(string value, string type, JsonReading json) =>
        value.Length == 1 ? value[0] : throw json.Unsupported("decoder", type, $"'{value}' is not one UTF-16 character");
}
