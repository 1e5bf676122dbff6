using Inference.Server.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Inference.Server.Requests;

/// <summary>
/// Whether a Content-Type names JSON, parsed as RFC 9110 (section 8.3) writes media types: type, subtype and parameter
/// names are case-insensitive, parameters may be quoted strings and come in any order, whitespace may surround ";".
/// JSON is application/json or any "+json" suffix; its charset, when given, must be UTF-8 (RFC 8259 section 8.1), since
/// the body is read as UTF-8 and nothing else.
/// </summary>
public static class JsonMediaType
{
    /// <summary>Throws the 415 for anything that is not UTF-8 JSON.</summary>
    public static void Ensure(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            throw Unsupported("The request has no Content-Type; send the JSON body as application/json.");
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Length == 0)
            throw Unsupported($"The Content-Type '{Printable(contentType)}' is not a valid media type; send application/json.");
        var isJson = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                     || (media.Suffix.HasValue && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
            throw Unsupported($"The request body must be JSON (Content-Type: application/json); got '{Printable(media.MediaType.Value)}'.");
        if (media.Charset is { HasValue: true } raw)
        {
            var charset = HeaderUtilities.UnescapeAsQuotedString(raw);
            if (!IsUtf8(charset))
                throw Unsupported($"The charset '{Printable(charset.Value)}' is not supported: JSON request bodies must be UTF-8.");
        }
    }

    private static bool IsUtf8(StringSegment charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static ApiException Unsupported(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorTypes.InvalidRequest, message, null, "unsupported_media_type");

    /// <summary>Header text echoed in a message: bounded, control characters replaced.</summary>
    private static string Printable(string? text)
    {
        var value = text ?? "";
        if (value.Length > 100) value = value[..100] + "…";
        return string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
    }
}
