using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Server.Errors;
using Inference.Protocol;

namespace Inference.Server.Streaming;

/// <summary>
/// Server-sent events as OpenAI streams them: "data: {json}\n\n" events, ": comment" lines, "data: [DONE]". Writes
/// are cancelled only by the client going away: Kestrel aborts the connection when a write is cancelled half-way, so
/// a deadline must stop the generation, not a write (the stream then still ends with an error event).
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    private CancellationToken ClientGone => response.HttpContext.RequestAborted;

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public bool Started { get; private set; }

    /// <summary>The request's id (X-Request-Id), for errors reported inside the stream.</summary>
    public string RequestId => response.HttpContext.TraceIdentifier;

    public async Task StartAsync()
    {
        if (Started) return;
        Started = true;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(ClientGone);
    }

    public async Task WriteAsync<T>(T value)
    {
        await StartAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)ProtocolJsonContext.WireOptions.GetTypeInfo(typeof(T)));
        await response.Body.WriteAsync(DataPrefix, ClientGone);
        await response.Body.WriteAsync(json, ClientGone);
        await response.Body.WriteAsync(EventEnd, ClientGone);
        await response.Body.FlushAsync(ClientGone);
    }

    /// <summary>An SSE comment line, which clients ignore: used for progress while samples are drawn.</summary>
    public async Task WriteCommentAsync(string comment)
    {
        await StartAsync();
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($": {comment.Replace('\n', ' ')}\n\n"), ClientGone);
        await response.Body.FlushAsync(ClientGone);
    }

    public async Task WriteDoneAsync()
    {
        await response.Body.WriteAsync(Done, ClientGone);
        await response.Body.FlushAsync(ClientGone);
    }

    /// <summary>An error after the stream started: an event with the OpenAI error body; the caller then closes.</summary>
    public Task WriteErrorAsync(ApiException error) => WriteAsync(ErrorWriter.ToBody(error));
}
