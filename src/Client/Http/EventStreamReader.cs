using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Inference.Client;

/// <summary>
/// Reads the server's event stream: each event's data as JSON until <c>[DONE]</c> (System.Net.ServerSentEvents parses
/// the events). The server's progress comments go to <c>progress</c>; the parser skips comments by design, so
/// <see cref="CommentTap"/> picks them out of the bytes on their way to it.
/// </summary>
internal static class EventStreamReader
{
    public static async IAsyncEnumerable<JsonElement> ReadAsync(Stream stream, IProgress<string>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = progress is null ? stream : new CommentTap(stream, progress);
        await foreach (var item in SseParser.Create(source).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data == "[DONE]") yield break;
            yield return JsonDocument.Parse(item.Data).RootElement.Clone();
        }
    }
}
