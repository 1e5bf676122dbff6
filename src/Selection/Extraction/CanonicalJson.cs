using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Inference.Selection;

/// <summary>
/// One spelling per JSON value, so that equal documents vote together: object members sorted by name (ordinal, the
/// last of duplicate names wins as in most parsers), no insignificant whitespace, numbers as their shortest round-trip
/// double (1, 1.0 and 1e0 are one number; integers beyond 2^53 keep their digits), strings re-escaped minimally.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical text of <paramref name="json"/>, or null when it is not one JSON value.</summary>
    public static string? TryCanonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Canonicalize(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The canonical text of a parsed value.</summary>
    public static string Canonicalize(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, value);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in value.EnumerateObject()) members[member.Name] = member.Value;
                foreach (var (name, member) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, member);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(Number(value));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private const double ExactIntegers = 9007199254740992; // 2^53

    private static string Number(JsonElement value)
    {
        var raw = value.GetRawText();
        var integerLiteral = raw.IndexOfAny(['.', 'e', 'E']) < 0;
        // Integer literals a double cannot hold exactly keep their digits.
        if (integerLiteral && BigInteger.Parse(raw, CultureInfo.InvariantCulture) is var big && BigInteger.Abs(big) > (BigInteger)ExactIntegers)
            return big.ToString(CultureInfo.InvariantCulture);
        if (!value.TryGetDouble(out var d)) return raw; // beyond double's range: as written
        if (d == Math.Floor(d) && Math.Abs(d) <= ExactIntegers) return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}
