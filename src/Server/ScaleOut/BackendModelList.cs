using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Inference.Pipeline.Sources;
using Inference.Protocol;
using Inference.Server.Options;
using Microsoft.Extensions.Options;

namespace Inference.Server.ScaleOut;

/// <summary>
/// What the backends of a gateway serve, for its /v1/models: each backend endpoint's own GET /v1/models, asked with
/// the backend's credentials and kept for ScaleOut:ModelsCacheSeconds (an endpoint that is down is remembered as down
/// for as long, so a listing never waits on it twice within the window). A backend's model name
/// (Backends:&lt;name&gt;:Model) is mapped back to the id this server serves it under (Backends:&lt;name&gt;:Serves).
/// </summary>
public sealed class BackendModelList(BackendPools pools, IOptions<ScaleOutOptions> scaleOut, IHttpClientFactory clients, TimeProvider time,
    ILogger<BackendModelList> logger)
{
    /// <summary>How long one endpoint's listing may take before it counts as down.</summary>
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Uri, Listing> listings = new();

    /// <summary>Each backend endpoint of a model this server proxies, with whether it lists the model now; null when the
    /// model's samples are not drawn on backends only (this server serves it itself).</summary>
    /// <param name="remote">The model is served by backends only (Models:Remote).</param>
    public async Task<IReadOnlyList<BackendModelCard>?> ForAsync(string modelId, bool remote, IReadOnlyCollection<string> served, CancellationToken cancellationToken)
    {
        if (!pools.Proxies(modelId, remote, served)) return null;
        var members = await pools.BackendMembersAsync(modelId, served, cancellationToken);
        var cards = await Task.WhenAll(members.Select(m => m.Source).OfType<OpenAiSampleSource>().Select(async backend =>
        {
            var listing = await ListingAsync(backend, cancellationToken);
            var listed = listing.Models is { } models && models.ContainsKey(backend.Model);
            return new BackendModelCard(backend.Name, backend.Model, listed, listing.Error)
            {
                ContextLength = listed ? listing.Models![backend.Model] : null,
            };
        }));
        return cards;
    }

    private async Task<Listing> ListingAsync(OpenAiSampleSource backend, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var ttl = TimeSpan.FromSeconds(scaleOut.Value.ModelsCacheSeconds);
        if (listings.TryGetValue(backend.BaseAddress, out var cached) && time.GetElapsedTime(cached.At, now) < ttl) return cached;
        var listing = await FetchAsync(backend, cancellationToken);
        listings[backend.BaseAddress] = listing with { At = now };
        return listing;
    }

    private async Task<Listing> FetchAsync(OpenAiSampleSource backend, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ListTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(backend.BaseAddress, "v1/models"));
            backend.Authorize(request);
            using var response = await clients.CreateClient().SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) return new Listing(null, $"GET /v1/models answered {(int)response.StatusCode}", 0);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var models = new Dictionary<string, int?>(StringComparer.Ordinal);
            foreach (var model in body?["data"]?.AsArray() ?? [])
                if (model?["id"]?.GetValue<string>() is { } id) models[id] = ContextLength(model);
            return new Listing(models, null, 0);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            var reason = ex is OperationCanceledException ? $"GET /v1/models took longer than {ListTimeout.TotalSeconds:F0} s" : ex.Message;
            logger.LogWarning("Backend {Backend}: {Reason}", backend.Name, reason);
            return new Listing(null, reason, 0);
        }
    }

    /// <summary>A listed model's context length: this server's context_length, vLLM's max_model_len; none when absent
    /// or not positive (a gateway lists 0 for a model it does not load).</summary>
    private static int? ContextLength(JsonNode model) =>
        (model["context_length"] ?? model["max_model_len"]) is JsonValue value && value.TryGetValue<int>(out var length) && length > 0 ? length : null;

    private sealed record Listing(Dictionary<string, int?>? Models, string? Error, long At);
}
