using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Inference.Client;

/// <summary>Reads an SSE stream: each event's data as JSON until <c>[DONE]</c>; comment lines go to progress.</summary>
internal static class ServerSentEvents
{
    public static async IAsyncEnumerable<JsonElement> ReadAsync(Stream stream, IProgress<string>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length == 0) continue;
                var payload = data.ToString();
                data.Clear();
                if (payload == "[DONE]") yield break;
                yield return JsonDocument.Parse(payload).RootElement.Clone();
                continue;
            }
            if (line.StartsWith(':'))
            {
                progress?.Report(line[1..].Trim());
                continue;
            }
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0) data.Append('\n');
                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }
        if (data.Length > 0 && data.ToString() != "[DONE]") yield return JsonDocument.Parse(data.ToString()).RootElement.Clone();
    }
}
