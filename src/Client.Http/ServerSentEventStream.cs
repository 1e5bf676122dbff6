using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Inference.Client;

/// <summary>An SSE response body read with System.Net.ServerSentEvents: each event's data as the given wire type
/// until <c>[DONE]</c>; an event whose data is an OpenAI error body is thrown as <see cref="InferenceApiException"/>.
/// The server's progress comments go to <c>progress</c>: the parser skips comments by design, so
/// <see cref="CommentTap"/> picks them out of the bytes on their way to it.</summary>
internal static class ServerSentEventStream
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, int status, JsonTypeInfo<T> type, IProgress<string>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = progress is null ? stream : new CommentTap(stream, progress);
        await foreach (var item in SseParser.Create(source).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data == "[DONE]") yield break;
            using var document = JsonDocument.Parse(item.Data);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _))
                throw InferenceApiException.FromBody(status, document.RootElement, null);
            yield return document.RootElement.Deserialize(type)!;
        }
    }
}
