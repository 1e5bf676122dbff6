using System.Text;
using System.Text.Json.Nodes;
using Inference.Pipeline.Sources;
using Inference.Server.Models;
using Yarp.ReverseProxy.Forwarder;

namespace Inference.Server.ScaleOut;

/// <summary>
/// Gateway mode (ScaleOut:LocalSamples=false): a plain request (no test-time scaling) for a model whose samples are
/// drawn on backends is forwarded whole to the least loaded backend endpoint with YARP's forwarder (the response,
/// streamed or not, goes back as the backend wrote it), after this server checked it like any request. The body
/// carries the backend's model name and the backend's credentials replace the client's. An endpoint that cannot be
/// reached before the response starts is skipped for the next; none reachable is a 503.
/// </summary>
public sealed class PlainRequestProxy(BackendPools pools, ModelCatalog catalog, IHttpForwarder forwarder, ILogger<PlainRequestProxy> logger) : IDisposable
{
    private readonly HttpMessageInvoker invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    private IReadOnlyCollection<string> Served => catalog.Models.Select(m => m.Id).ToList();

    public bool Proxies(ServedModel model) => pools.Proxies(model.Id, model.IsRemote, Served);

    /// <summary>The result that forwards the request (its body as the client sent it, re-serialized) when executed.</summary>
    public ProxiedResult Forward(ServedModel model, JsonObject body) => new(this, model, body);

    public async Task ForwardAsync(HttpContext http, ServedModel model, JsonObject body)
    {
        var members = (await pools.BackendMembersAsync(model.Id, Served, http.RequestAborted)).OrderBy(m => m.Load()).ToList();
        var samples = body["n"]?.GetValue<int>() ?? 1;
        var errors = new List<string>();
        foreach (var member in members)
        {
            if (member.Source is not OpenAiSampleSource backend) continue;
            body["model"] = backend.Model;
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            ForwarderError error;
            using (member.Take(samples))
                error = await forwarder.SendAsync(http, backend.BaseAddress.AbsoluteUri.TrimEnd('/'), invoker, ForwarderRequestConfig.Empty,
                    new BackendTransformer(backend));
            if (error == ForwarderError.None || http.Response.HasStarted || http.RequestAborted.IsCancellationRequested) return;
            var reason = http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
            logger.LogWarning("Forwarding to {Backend} failed ({Error}): {Reason}", backend.Name, error, reason);
            errors.Add($"{backend.Name}: {reason}");
            http.Response.Clear();
        }
        throw new SamplesUnavailableException(members.Count == 0
            ? $"No backend endpoint of '{model.Id}' resolved."
            : $"No backend of '{model.Id}' could take the request: {string.Join("; ", errors)}.");
    }

    public void Dispose() => invoker.Dispose();

    /// <summary>Forwards the request as the default transformer does, with the backend's credentials.</summary>
    private sealed class BackendTransformer(OpenAiSampleSource backend) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
            CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            backend.Authorize(proxyRequest);
        }
    }
}

/// <summary>A plain request answered by a backend through <see cref="PlainRequestProxy"/>.</summary>
public sealed class ProxiedResult(PlainRequestProxy proxy, ServedModel model, JsonObject body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => proxy.ForwardAsync(httpContext, model, body);
}
