using System.Text;
using System.Text.Json;

namespace Inference.Engine.Tokenization.Normalizers;

internal static class NormalizerFactory
{
    public static INormalizer? Create(JsonElement element, JsonReading json)
    {
        if (JsonReading.IsNull(element))
        {
            return null;
        }
        var type = json.TypeOf(element, "normalizer");
        return type switch
        {
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "StripAccents" => new StripAccentsNormalizer(),
            "Strip" => new StripNormalizer(json.Bool(element, "strip_left", true), json.Bool(element, "strip_right", true)),
            "Prepend" => new PrependNormalizer(json.String(element, "prepend")),
            "Replace" => new ReplaceNormalizer(TextPattern.FromJson(element, json), json.OptionalString(element, "content") ?? ""),
            "Sequence" => new SequenceNormalizer(
                json.Array(element, "normalizers").EnumerateArray().Select(n => Create(n, json))
                    .Where(n => n is not null).Select(n => n!).ToArray()),
            _ => throw json.Unsupported("normalizer", type),
        };
    }
}
