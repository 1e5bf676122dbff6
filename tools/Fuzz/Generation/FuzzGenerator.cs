using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inference.Fuzz.Generation;

/// <summary>
/// The seeded, structure-aware generator: case i of seed s is always the same request. About one case in five is a
/// valid body as is (so the success paths run too); the rest get one to three tree mutations
/// (<see cref="JsonMutator"/>), and some a byte-level one (truncated, garbage appended, a flipped byte, comments,
/// trailing commas, non-object bodies), an odd Content-Type or header, or a wrong route or method.
/// </summary>
public sealed class FuzzGenerator(int seed, FuzzTarget target)
{
    /// <summary>Content-Types RFC 9110 allows for JSON, and others the server must refuse with a 415.</summary>
    private static readonly string?[] ContentTypes =
    [
        "application/json; charset=\"utf-8\"", "Application/JSON;Charset=UTF-8", "application/json ; charset=utf-8", "application/vnd.x+json",
        "application/json; foo=bar; charset=\"UTF-8\"", "application/json; charset=latin1", "application/json; charset=\"utf-16\"",
        "application/json; charset=", "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=\"utf-8", ";;", "*/*", null,
    ];

    private static readonly (string Name, string Value)[] OddHeaders =
    [
        ("X-Request-Id", "../../etc/passwd"), ("X-Request-Id", new string('a', 5000)), ("X-Request-Id", "id with spaces"), ("X-Request-Id", ""),
        ("Accept", "text/event-stream"), ("Accept", "application/xml"), ("Accept", "*/*;q=0"), ("Authorization", "Bearer"),
        ("Authorization", "Basic Zm9vOmJhcg=="), ("Accept-Encoding", "gzip, br, zstd"), ("Accept-Charset", "latin1"), ("Content-Encoding", "gzip"),
        ("X-Forwarded-For", "::1, 10.0.0.1"), ("Cookie", "a=b; " + new string('c', 2000)),
    ];

    private static readonly string[] OtherRoutes =
    [
        "/v1/chat/completions/", "/v1/chat/completions?stream=true", "//v1/completions", "/v1/Completions", "/v1/chat/../completions",
        "/v1/models/%20", "/v1/nothing", "/tokenize?x=%ff", "/v1/embeddings",
    ];

    public FuzzCase Create(long index)
    {
        var random = new Random(CaseSeed(seed, index));
        var origin = SeedBodies.Create(random, target);
        var body = origin.Body;
        var mutations = new List<string>();
        var count = random.Next(10) switch { < 2 => 0, < 6 => 1, < 9 => 2, _ => 3 };
        for (var i = 0; i < count; i++) mutations.Add(JsonMutator.Mutate(body, random));

        var bytes = Serialize(body, rawUtf8: random.Next(2) == 0);
        if (count > 0 && random.Next(8) == 0) bytes = ByteLevel(bytes, random, mutations);

        string? contentType = "application/json";
        if (random.Next(12) == 0)
        {
            contentType = ContentTypes[random.Next(ContentTypes.Length)];
            mutations.Add($"content-type {contentType ?? "(none)"}");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (random.Next(15) == 0)
        {
            var (name, value) = OddHeaders[random.Next(OddHeaders.Length)];
            headers[name] = value;
            mutations.Add($"header {name}");
        }
        var method = "POST";
        var path = origin.Path;
        if (random.Next(40) == 0)
        {
            path = OtherRoutes[random.Next(OtherRoutes.Length)];
            mutations.Add($"route {path}");
        }
        else if (random.Next(60) == 0)
        {
            method = random.Next(2) == 0 ? "GET" : "PUT";
            mutations.Add($"method {method}");
        }
        return new FuzzCase(index, method, path, contentType, headers, bytes, origin.Name, mutations);
    }

    /// <summary>
    /// The random seed of case <paramref name="index"/>: SplitMix64 of the pair, the same in every process (unlike
    /// HashCode, which is salted per process), so a failure's seed and index reproduce it anywhere.
    /// </summary>
    public static int CaseSeed(int seed, long index)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x5EEDUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    private static byte[] Serialize(JsonObject body, bool rawUtf8)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Encoder = rawUtf8 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default,
                   MaxDepth = 256,
               }))
        {
            body.WriteTo(writer);
        }
        return Sentinels.Expand(buffer.ToArray());
    }

    /// <summary>Breaks the body below the JSON level.</summary>
    private static byte[] ByteLevel(byte[] bytes, Random random, List<string> mutations)
    {
        switch (random.Next(9))
        {
            case 0:
                var cut = random.Next(bytes.Length);
                mutations.Add($"truncated at byte {cut}");
                return bytes[..cut];
            case 1:
                mutations.Add("garbage appended");
                return [.. bytes, .. "}]\"x"u8];
            case 2:
                var at = random.Next(bytes.Length);
                var flipped = bytes.ToArray();
                flipped[at] ^= (byte)(1 << random.Next(8));
                mutations.Add($"bit flipped at byte {at}");
                return flipped;
            case 3:
                mutations.Add("comment");
                return [.. "/* c */"u8, .. bytes];
            case 4:
                mutations.Add("trailing comma");
                return [.. bytes[..^1], .. ",}"u8];
            case 5:
                mutations.Add("second document");
                return [.. bytes, .. bytes];
            case 6:
                mutations.Add("top-level array");
                return [.. "["u8, .. bytes, .. "]"u8];
            case 7:
                mutations.Add("whitespace padding");
                return [.. Encoding.ASCII.GetBytes(new string(' ', 10_000)), .. bytes, .. "\r\n\t"u8];
            default:
                var literal = random.Next(4) switch { 0 => "null", 1 => "\"text\"", 2 => "", _ => "12" };
                mutations.Add($"body {(literal.Length == 0 ? "empty" : literal)}");
                return Encoding.ASCII.GetBytes(literal);
        }
    }
}
