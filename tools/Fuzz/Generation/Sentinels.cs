using System.Globalization;
using System.Text;

namespace Inference.Fuzz.Generation;

/// <summary>
/// What a JSON tree cannot hold but a hostile body can: raw bytes that are not UTF-8, escaped lone surrogates, number
/// literals outside double's range, duplicate keys and nesting deeper than a writer allows. The mutator writes them as
/// ASCII markers ("~!~kind:arg~!~") into strings and property names; <see cref="Expand"/> rewrites the serialized
/// bytes. The generator's own texts never contain "~!~".
/// </summary>
public static class Sentinels
{
    private const string Mark = "~!~";
    private static readonly byte[] MarkBytes = Encoding.ASCII.GetBytes(Mark);

    /// <summary>Inside a string: these raw bytes (e.g. "ff" or "eda080").</summary>
    public static string RawBytes(params byte[] bytes) => $"{Mark}raw:{Convert.ToHexString(bytes)}{Mark}";

    /// <summary>Inside a string: the JSON escape \uXXXX (a lone surrogate when XXXX is D800..DFFF).</summary>
    public static string Escape(int utf16) => $"{Mark}esc:{utf16:x4}{Mark}";

    /// <summary>A whole value: this literal text in place of the string (e.g. "1e400", "[[[[1]]]]").</summary>
    public static string Literal(string json) => $"{Mark}lit:{Convert.ToHexString(Encoding.UTF8.GetBytes(json))}{Mark}";

    /// <summary>A property name that becomes <paramref name="name"/> once expanded, so the object holds it twice.</summary>
    public static string Duplicate(string name, int n) => $"{Mark}dup:{n}{Mark}{name}";

    /// <summary>Rewrites every marker in serialized JSON into the bytes it stands for.</summary>
    public static byte[] Expand(byte[] json)
    {
        if (json.AsSpan().IndexOf(MarkBytes) < 0) return json;
        var output = new List<byte>(json.Length);
        var i = 0;
        while (i < json.Length)
        {
            var start = json.AsSpan(i).IndexOf(MarkBytes);
            if (start < 0)
            {
                output.AddRange(json.AsSpan(i).ToArray());
                break;
            }
            start += i;
            var end = json.AsSpan(start + Mark.Length).IndexOf(MarkBytes);
            if (end < 0) throw new InvalidOperationException("An unterminated fuzz marker: the generator wrote a broken sentinel.");
            end += start + Mark.Length;
            var marker = Encoding.ASCII.GetString(json, start + Mark.Length, end - start - Mark.Length);
            var (kind, arg) = (marker[..marker.IndexOf(':')], marker[(marker.IndexOf(':') + 1)..]);
            output.AddRange(json.AsSpan(i, start - i).ToArray());
            var after = end + Mark.Length;
            switch (kind)
            {
                case "raw":
                    output.AddRange(Convert.FromHexString(arg));
                    break;
                case "esc":
                    output.AddRange(Encoding.ASCII.GetBytes("\\u" + int.Parse(arg, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString("x4", CultureInfo.InvariantCulture)));
                    break;
                case "lit":
                    // The marker filled a whole string value: drop the quotes around it.
                    if (output.Count > 0 && output[^1] == (byte)'"') output.RemoveAt(output.Count - 1);
                    output.AddRange(Convert.FromHexString(arg));
                    if (after < json.Length && json[after] == (byte)'"') after++;
                    break;
                case "dup":
                    break;
                default:
                    throw new InvalidOperationException($"Unknown fuzz marker '{kind}'.");
            }
            i = after;
        }
        return output.ToArray();
    }
}
