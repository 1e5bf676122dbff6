using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>
/// Request text that is not valid Unicode: an escaped lone surrogate ("\ud83d" without its pair) or raw bytes that are
/// not UTF-8, in any string of any JSON route. Each is a 400 (code invalid_unicode) naming the field, never a 500,
/// whether the field is typed (model, user), read from a raw JSON value later (content, prompt, stop, tool_choice,
/// response_format, test_time_scaling.answer / verifiers) or not read at all (an unknown field).
/// </summary>
public sealed class RequestTextTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private const string Chat = "v1/chat/completions";
    private const string Completions = "v1/completions";

    /// <summary>Where the bad string goes: (route, body with a "BAD" placeholder string, the param the 400 must name).</summary>
    public static readonly IReadOnlyDictionary<string, (string Path, string Body, string Param)> Fields = new Dictionary<string, (string, string, string)>
    {
        ["completion prompt"] = (Completions, """{"model":"tiny","prompt":"BAD","max_tokens":2}""", "prompt"),
        ["completion prompt list"] = (Completions, """{"model":"tiny","prompt":["1+1=","BAD"],"max_tokens":2}""", "prompt[1]"),
        ["completion stop"] = (Completions, """{"model":"tiny","prompt":"1+1=","max_tokens":2,"stop":["x","BAD"]}""", "stop[1]"),
        ["chat content"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"BAD"}],"max_tokens":2}""", "messages[0].content"),
        ["chat content part"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":[{"type":"text","text":"BAD"}]}],"max_tokens":2}""", "messages[0].content[0].text"),
        ["chat second message"] = (Chat, """{"model":"tiny","messages":[{"role":"system","content":"s"},{"role":"user","content":"BAD"}],"max_tokens":2}""", "messages[1].content"),
        ["chat role"] = (Chat, """{"model":"tiny","messages":[{"role":"BAD","content":"1"}],"max_tokens":2}""", "messages[0].role"),
        ["chat stop"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"stop":"BAD"}""", "stop"),
        ["chat tool_choice"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"tool_choice":"BAD"}""", "tool_choice"),
        ["chat response_format"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"response_format":{"type":"BAD"}}""", "response_format.type"),
        ["chat model"] = (Chat, """{"model":"BAD","messages":[{"role":"user","content":"1"}],"max_tokens":2}""", "model"),
        ["chat user"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"user":"BAD"}""", "user"),
        ["chat unknown field"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"metadata":{"note":"BAD"}}""", "metadata.note"),
        ["tts answer"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"test_time_scaling":{"answer":"BAD"}}""", "test_time_scaling.answer"),
        ["tts answer pattern"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"test_time_scaling":{"answer":{"format":"regex","pattern":"BAD"}}}""", "test_time_scaling.answer.pattern"),
        ["tts verifier name"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"test_time_scaling":{"verifiers":["BAD"]}}""", "test_time_scaling.verifiers[0]"),
        ["tts verifier regex"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"test_time_scaling":{"verifiers":[{"type":"regex","must_match":["BAD"]}]}}""", "test_time_scaling.verifiers[0].must_match[0]"),
        ["tts reference_answer"] = (Chat, """{"model":"tiny","messages":[{"role":"user","content":"1"}],"max_tokens":2,"test_time_scaling":{"reference_answer":"BAD"}}""", "test_time_scaling.reference_answer"),
        ["tokenize prompt"] = ("tokenize", """{"prompt":"BAD"}""", "prompt"),
        ["tokenize messages"] = ("tokenize", """{"messages":[{"role":"user","content":"BAD"}]}""", "messages[0].content"),
        ["apply-template messages"] = ("apply-template", """{"messages":[{"role":"user","content":"BAD"}]}""", "messages[0].content"),
    };

    /// <summary>Bad text as it appears in the JSON body: escaped (ASCII) or raw bytes.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> Encodings = new Dictionary<string, byte[]>
    {
        ["escaped lone high surrogate"] = "\\ud83d"u8.ToArray(),
        ["escaped lone low surrogate"] = "x\\udc00y"u8.ToArray(),
        ["escaped surrogates in the wrong order"] = "\\ude00\\ud83d"u8.ToArray(),
        ["escaped high surrogate at the end"] = "12+\\ud800"u8.ToArray(),
        ["raw 0xff byte"] = [(byte)'a', 0xFF, (byte)'b'],
        ["raw truncated sequence"] = [0xE2, 0x82],
        ["raw overlong encoding"] = [0xC0, 0xAF],
        ["raw encoded surrogate"] = [0xED, 0xA0, 0x80],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Fields.Keys)
            foreach (var encoding in Encodings.Keys)
                data.Add(field, encoding);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_unicode_in_a_string_is_a_400_naming_the_field(string field, string encoding)
    {
        var (path, body, param) = Fields[field];
        var reply = await PostBytesAsync(path, WithBadText(body, Encodings[encoding]));
        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{field} / {encoding}: {(int)reply.Status} {reply.Text}");
        Assert.Equal("invalid_request_error", reply.ErrorType);
        Assert.Equal("invalid_unicode", reply.ErrorCode);
        Assert.Equal(param, reply.ErrorParam);
        Assert.Contains(param, reply.ErrorMessage);
    }

    [Fact]
    public async Task A_property_name_that_is_not_valid_unicode_names_the_object_holding_it()
    {
        var reply = await PostBytesAsync(Chat, Encoding.UTF8.GetBytes("""{"model":"tiny","messages":[{"role":"user","content":"1","\udc00":1}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_unicode", reply.ErrorCode);
        Assert.Equal("messages[0]", reply.ErrorParam);
    }

    [Fact]
    public async Task Valid_surrogate_pairs_and_other_unusual_text_still_work()
    {
        // A real pair, escaped and raw, a BOM-prefixed body, NUL, U+FFFF and bidi controls are all valid Unicode.
        var escaped = await PostBytesAsync("tokenize", """{"prompt":"1\ud83d\ude00+\u0000\uffff\u202e1="}"""u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, escaped.Status);
        var raw = await PostBytesAsync("tokenize", Encoding.UTF8.GetBytes("{\"prompt\":\"1😀+1=\"}"));
        Assert.Equal(HttpStatusCode.OK, raw.Status);
        var plain = await PostBytesAsync("tokenize", """{"prompt":"1+1="}"""u8.ToArray());
        var bom = await PostBytesAsync("tokenize", [0xEF, 0xBB, 0xBF, .. """{"prompt":"1+1="}"""u8]);
        Assert.Equal(HttpStatusCode.OK, bom.Status);
        Assert.Equal(plain.Json!["tokens"]!.ToJsonString(), bom.Json!["tokens"]!.ToJsonString());
    }

    private static byte[] WithBadText(string body, byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = body.IndexOf("BAD", StringComparison.Ordinal);
        Assert.True(at >= 0 && body.IndexOf("BAD", at + 1, StringComparison.Ordinal) < 0);
        return [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at + 3)];
    }

    private async Task<Api.Reply> PostBytesAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await Api.ReadAsync(await server.Http.PostAsync(path, content));
    }
}
