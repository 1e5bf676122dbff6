using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Server.Errors;
using Inference.Server.Protocol;

namespace Inference.Server.Streaming;

/// <summary>Server-sent events as OpenAI streams them: "data: {json}\n\n" events, ": comment" lines, "data: [DONE]".</summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public bool Started { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Started) return;
        Started = true;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(cancellationToken);
    }

    public async Task WriteAsync<T>(T value, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)ProtocolJsonContext.WireOptions.GetTypeInfo(typeof(T)));
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>An SSE comment line, which clients ignore: used for progress while samples are drawn.</summary>
    public async Task WriteCommentAsync(string comment, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($": {comment.Replace('\n', ' ')}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>An error after the stream started: an event with the OpenAI error body; the caller then closes.</summary>
    public Task WriteErrorAsync(ApiException error, CancellationToken cancellationToken) =>
        WriteAsync(ErrorWriter.ToBody(error), cancellationToken);
}
