using System.Buffers;
using System.Text;
using System.Text.Json;
using Inference.Server.Errors;

namespace Inference.Server.Requests;

/// <summary>
/// The one place where request text is decoded and checked: every string of a JSON body (values and property names,
/// fields this server reads, extension objects and unknown fields alike) must be valid Unicode — well-formed UTF-8,
/// and no escaped lone surrogate ("\ud83d" without its pair). Such text cannot become a .NET string safely, so it is
/// refused here, before anything reads the body, with a 400 (code invalid_unicode) whose param is the field's JSON path
/// (e.g. "messages[0].content"). The walk also checks the JSON syntax of the whole body (one value, nothing after it,
/// the configured depth), so the deserializer that follows sees only well-formed JSON.
/// </summary>
public static class RequestText
{
    /// <summary>Longest property name kept verbatim in a reported path.</summary>
    private const int MaxNameInPath = 64;

    /// <summary>Strings up to this many bytes are decoded into a buffer from the shared pool; a longer one gets its own,
    /// since a pooled buffer of one huge body would stay resident in the pool long after it.</summary>
    private const int MaxPooledBytes = 1 << 16;

    /// <exception cref="JsonException">The body is not one well-formed JSON value.</exception>
    /// <exception cref="ApiException">A string is not valid Unicode (400, invalid_unicode, naming the field).</exception>
    public static void Validate(ReadOnlySequence<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, options);
        var path = new List<Frame>();
        char[]? scratch = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!TryDecode(ref reader, ref scratch, out var length))
                            throw Invalid(Describe(path, holderOnly: true), "a property name");
                        path[^1] = path[^1] with { Name = Shorten(scratch.AsSpan(0, length)) };
                        break;
                    case JsonTokenType.String:
                        NextElement(path);
                        if (!TryDecode(ref reader, ref scratch, out _))
                            throw Invalid(Describe(path, holderOnly: false), null);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(path);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        NextElement(path);
                        break;
                }
            }
        }
        finally
        {
            if (scratch is { Length: <= MaxPooledBytes }) ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>Transcodes the current string into <paramref name="scratch"/>; false when it is not valid Unicode.</summary>
    private static bool TryDecode(ref Utf8JsonReader reader, ref char[]? scratch, out int length)
    {
        // Unescaped, the UTF-16 text is never longer than its UTF-8 bytes.
        var bytes = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch is null || scratch.Length < bytes)
        {
            if (scratch is { Length: <= MaxPooledBytes }) ArrayPool<char>.Shared.Return(scratch);
            scratch = bytes <= MaxPooledBytes ? ArrayPool<char>.Shared.Rent(Math.Max(bytes, 256)) : new char[bytes];
        }
        try
        {
            length = reader.CopyString(scratch);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The reader's only failures here: invalid UTF-8 bytes or an escaped surrogate without its pair.
            length = 0;
            return false;
        }
    }

    /// <summary>A value inside an array advances that array's index.</summary>
    private static void NextElement(List<Frame> path)
    {
        if (path.Count > 0 && path[^1].IsArray) path[^1] = path[^1] with { Index = path[^1].Index + 1 };
    }

    private static ApiException Invalid(string? field, string? what)
    {
        var subject = what is null
            ? field is null ? "The request body" : $"'{field}'"
            : field is null ? $"{what} of the request body" : $"{what} in '{field}'";
        return new ApiException(400, ErrorTypes.InvalidRequest,
            $"{char.ToUpperInvariant(subject[0])}{subject[1..]} is not valid Unicode text: it holds bytes that are not UTF-8 or an escaped " +
            "surrogate without its pair (e.g. \\ud83d alone). Send UTF-8 text; escape a character outside the BMP as a surrogate pair.",
            field, "invalid_unicode");
    }

    /// <summary>"messages[0].content" for the current value (or, with <paramref name="holderOnly"/>, the object whose
    /// property name is being read); null at the root.</summary>
    private static string? Describe(List<Frame> path, bool holderOnly)
    {
        var text = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            var frame = path[i];
            if (frame.IsArray)
            {
                if (frame.Index >= 0) text.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null && !(holderOnly && i == path.Count - 1))
            {
                if (text.Length > 0) text.Append('.');
                text.Append(frame.Name);
            }
        }
        return text.Length == 0 ? null : text.ToString();
    }

    private static string Shorten(ReadOnlySpan<char> name) =>
        name.Length <= MaxNameInPath ? new string(name) : string.Concat(name[..MaxNameInPath], "…");

    /// <summary>One open object (its current property name) or array (the index of its current element).</summary>
    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
