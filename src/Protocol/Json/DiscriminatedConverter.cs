using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// Reads an object whose concrete type is named by one of its fields (<c>"type"</c>, <c>"format"</c>, <c>"rule"</c>),
/// wherever that field stands in the object, with the source-generated metadata of the chosen type; a string, where
/// the family has a string form, is read by <see cref="FromString"/>. A value the family does not name still reads
/// (into its "unknown" type), so that validation, not the parser, says what is known. Only a token of the wrong kind
/// (a number where an object belongs) fails here, as the serializer's own "could not be converted" error.
/// </summary>
public abstract class DiscriminatedConverter<TBase> : JsonConverter<TBase> where TBase : class
{
    /// <summary>The field that names the type.</summary>
    protected abstract string Discriminator { get; }

    /// <summary>The type to read for a discriminator value (null when the object has none) and the object's field names.</summary>
    protected abstract Type Choose(string? value, IReadOnlySet<string> fields);

    /// <summary>The value of a string form, or null when the family has none.</summary>
    protected virtual TBase? FromString(string value) => null;

    /// <summary>The string form <paramref name="value"/> is written as, or null to write it as an object.</summary>
    protected virtual string? AsString(TBase value) => null;

    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && FromString(reader.GetString()!) is { } text) return text;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException();
        var (value, fields) = Scan(reader, Discriminator);
        return (TBase?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(Choose(value, fields)));
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options)
    {
        if (AsString(value) is { } text) writer.WriteStringValue(text);
        else JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
    }

    /// <summary>The discriminator's string value (null when absent or not a string) and every field name, read from a
    /// copy of the reader so the object is then read from its start.</summary>
    private static (string? Value, HashSet<string> Fields) Scan(Utf8JsonReader reader, string discriminator)
    {
        var depth = reader.CurrentDepth;
        string? value = null;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var name = reader.GetString()!;
            fields.Add(name);
            reader.Read();
            if (name == discriminator && reader.TokenType == JsonTokenType.String) value = reader.GetString();
            reader.Skip();
        }
        return (value, fields);
    }
}
