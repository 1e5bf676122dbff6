using System.Text.Json;

namespace Inference.LoadTest.Running;

/// <summary>Before a run: the server answers /v1/models, and the first model id is the default "model" field.</summary>
public static class ServerProbe
{
    public static async Task<string> FirstModelAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string body;
        try
        {
            using var response = await http.GetAsync(new Uri(baseUrl, "/v1/models"), timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new ServerUnavailableException($"GET /v1/models answered {(int)response.StatusCode}: {Truncate(body)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException($"no server answers at {baseUrl} ({ex.Message})");
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var model in doc.RootElement.GetProperty("data").EnumerateArray())
                if (model.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } name) return name;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ServerUnavailableException($"GET /v1/models did not return an OpenAI model list: {Truncate(body)}");
        }
        throw new ServerUnavailableException("the server lists no models");
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "...";
}

/// <summary>The target server cannot be used for a run.</summary>
public sealed class ServerUnavailableException(string message) : Exception(message);
