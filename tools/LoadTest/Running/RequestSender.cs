using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inference.LoadTest.Workload;

namespace Inference.LoadTest.Running;

/// <summary>Sends one request and measures it: latency to the last byte, time to the first content (streams), usage.
/// A share of streamed requests (<paramref name="disconnectFraction"/>, drawn from <paramref name="seed"/>) hang up
/// once the stream's first bytes arrive, as clients that go away do.</summary>
public sealed class RequestSender(HttpClient http, Uri baseUrl, string? model, TimeSpan timeout, double disconnectFraction = 0, int seed = 1)
{
    private readonly Random hangUps = new(seed);

    private bool DrawHangUp()
    {
        if (disconnectFraction <= 0) return false;
        lock (hangUps) return hangUps.NextDouble() < disconnectFraction;
    }

    public async Task<RequestOutcome> SendAsync(RequestTemplate template, double startedAtSeconds, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        double? ttft = null;
        int status = 0;
        double? retryAfter = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, template.Path))
            {
                Content = new StringContent(template.RenderBody(model), Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            retryAfter = RetryAfter(response.Headers.RetryAfter);
            if (!response.IsSuccessStatusCode)
            {
                var error = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                return Outcome($"{status} {ErrorCode(error)}", null);
            }
            if (template.Stream)
            {
                await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                if (DrawHangUp())
                {
                    // The first bytes (a progress comment or a chunk) show the stream is under way. Disposing the response
                    // without reading on closes the connection (the client's handler must not drain it: MaxResponseDrainSize = 0).
                    await stream.ReadAsync(new byte[1], deadline.Token).ConfigureAwait(false);
                    return Outcome(null, null) with { HungUp = true };
                }
                var events = new ServerEventStream();
                await events.ReadAsync(stream, () => ttft = clock.Elapsed.TotalMilliseconds, deadline.Token).ConfigureAwait(false);
                if (events.Error is not null) return Outcome($"stream error: {events.Error}", events.CompletionTokens);
                if (!events.Done) return Outcome("stream ended without [DONE]", events.CompletionTokens);
                return Outcome(null, events.CompletionTokens);
            }
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return Outcome(null, CompletionTokens(body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome("timeout", null);
        }
        catch (OperationCanceledException)
        {
            return Outcome("cancelled at the end of the run", null);
        }
        catch (HttpRequestException ex)
        {
            return Outcome($"transport: {ex.HttpRequestError}", null);
        }
        catch (IOException ex)
        {
            return Outcome($"transport: {ex.Message}", null);
        }

        RequestOutcome Outcome(string? error, int? tokens) =>
            new(template.Name, status, error, startedAtSeconds,
                clock.Elapsed.TotalMilliseconds, ttft, tokens, retryAfter);
    }

    private static double? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta.TotalSeconds,
        { Date: { } date } => Math.Max(0, (date - DateTimeOffset.UtcNow).TotalSeconds),
        _ => null,
    };

    /// <summary>The OpenAI error's code (or type) from an error body, to group failures by cause.</summary>
    private static string ErrorCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                foreach (var field in new[] { "code", "type" })
                    if (error.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString()!;
        }
        catch (JsonException)
        {
        }
        return "(no OpenAI error body)";
    }

    private static int? CompletionTokens(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                   && usage.TryGetProperty("completion_tokens", out var t) && t.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
