using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// /metrics counts every request under the template of the route it was sent to, rejected ones included (401 from
/// the key check, 400/404 from the handler, 405/415 answered by routing itself, 413 from Kestrel), and paths no
/// route knows under one fixed label.
/// </summary>
public sealed class RouteLabelTests(AuthServer server) : IClassFixture<AuthServer>
{
    private async Task<HttpStatusCode> Send(HttpMethod method, string path, string? body = null, string contentType = "application/json", bool key = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        if (key) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "key-one");
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Rejected_requests_are_counted_under_their_route_template()
    {
        var chat = Api.Chat();
        var sent = new (HttpStatusCode Status, string Route)[]
        {
            (await Send(HttpMethod.Post, "v1/chat/completions", chat, key: false), "/v1/chat/completions"),
            (await Send(HttpMethod.Post, "v1/chat/completions", "{"), "/v1/chat/completions"),
            (await Send(HttpMethod.Post, "v1/chat/completions", chat.Replace(TestModels.Id, "no-such-model")), "/v1/chat/completions"),
            (await Send(HttpMethod.Post, "v1/completions", Api.Completion(), "text/plain"), "/v1/completions"),
            (await Send(HttpMethod.Post, "v1/chat/completions", new string(' ', 100_000) + chat), "/v1/chat/completions"),
            (await Send(HttpMethod.Get, "v1/chat/completions"), "/v1/chat/completions"),
            (await Send(HttpMethod.Delete, "v1/models/whatever"), "/v1/models/{id}"),
            (await Send(HttpMethod.Get, "v1/models"), "/v1/models"),
            (await Send(HttpMethod.Get, "v1/models/"), "/v1/models"),
            (await Send(HttpMethod.Get, $"v1/models/{TestModels.Id}"), "/v1/models/{id}"),
            (await Send(HttpMethod.Get, "no/such/route"), "unmatched"),
            (await Send(HttpMethod.Post, "v1/chat/completions/extra", chat), "unmatched"),
        };
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.UnsupportedMediaType,
             HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.MethodNotAllowed, HttpStatusCode.MethodNotAllowed, HttpStatusCode.OK,
             HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            sent.Select(s => s.Status));

        // Each request is recorded as the server's middleware unwinds, possibly just after the client has its answer.
        var expected = sent.GroupBy(s => $"inference_http_requests_total{{route=\"{s.Route}\",status=\"{(int)s.Status}\"}}")
            .ToDictionary(g => g.Key, g => g.Count());
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await server.Http.GetStringAsync("metrics");
            return expected.All(e => Count(text, e.Key) >= e.Value);
        }, "every request being counted under its route");
        Assert.DoesNotContain("route=\"/v1/models/\"", text);
        var routes = text.Split('\n').Where(l => l.StartsWith("inference_http_requests_total{", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("route=\"", StringComparison.Ordinal) + 7)..].Split('"')[0]).Distinct().ToList();
        Assert.All(routes, r => Assert.True(r == "unmatched" || r.StartsWith('/') && !r.EndsWith('/'), r));
    }

    private static int Count(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal)).Select(l => (int)double.Parse(l[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();
}
