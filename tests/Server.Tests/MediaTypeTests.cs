using System.Net;
using System.Text;

namespace Inference.Server.Tests;

/// <summary>
/// Content-Type as RFC 9110 (section 8.3) allows it: case-insensitive type and parameter names, a quoted or unquoted
/// charset, other parameters, whitespace around ";" and any "+json" suffix are JSON; a charset other than UTF-8 (JSON
/// is UTF-8, RFC 8259) and other media types are a 415 with the OpenAI error body, never a 500.
/// </summary>
public sealed class MediaTypeTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    public static TheoryData<string> Accepted() =>
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=\"utf-8\"",
        "application/json;charset=UTF-8",
        "Application/JSON; Charset=\"UTF-8\"",
        "application/json ; charset=utf-8",
        "application/json;\tcharset=utf-8",
        "application/json; foo=bar; charset=\"utf-8\"",
        "application/json; charset=\"utf-8\"; q=1",
        "application/json; charset=utf8",
        "application/vnd.openai+json",
        "application/vnd.openai+json; charset=\"UTF-8\"",
    ];

    public static TheoryData<string> Refused() =>
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "application/json; charset=\"utf-16\"",
        "application/json; charset=",
        "application/jsonx",
        "json",
        ";;;",
        "application/json; charset=\"utf-8",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Json_media_types_as_rfc_9110_writes_them_are_served(string contentType)
    {
        foreach (var (path, body) in Bodies())
        {
            var reply = await PostAsync(path, body, contentType);
            Assert.True(reply.Status == HttpStatusCode.OK, $"{contentType} on {path}: {(int)reply.Status} {reply.Text}");
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Other_media_types_and_charsets_are_a_415_with_the_error_body(string contentType)
    {
        var reply = await PostAsync("v1/chat/completions", Api.Chat(), contentType);
        Assert.True(reply.Status == HttpStatusCode.UnsupportedMediaType, $"{contentType}: {(int)reply.Status} {reply.Text}");
        Assert.Equal("invalid_request_error", reply.ErrorType);
        Assert.Equal("unsupported_media_type", reply.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(reply.ErrorMessage));
    }

    [Fact]
    public async Task A_body_without_content_type_is_a_415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Api.Chat()));
        var reply = await Api.ReadAsync(await server.Http.PostAsync("v1/chat/completions", content));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.Equal("unsupported_media_type", reply.ErrorCode);
    }

    private static IEnumerable<(string Path, string Body)> Bodies() =>
    [
        ("v1/chat/completions", Api.Chat()),
        ("v1/completions", Api.Completion()),
        ("tokenize", """{"prompt":"1+1="}"""),
        ("detokenize", """{"tokens":[1,2]}"""),
        ("apply-template", """{"messages":[{"role":"user","content":"1+1="}]}"""),
    ];

    /// <summary>Sends the header exactly as written (HttpClient would otherwise re-format or refuse it).</summary>
    private async Task<Api.Reply> PostAsync(string path, string body, string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        return await Api.ReadAsync(await server.Http.PostAsync(path, content));
    }
}
