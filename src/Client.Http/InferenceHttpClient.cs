using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Protocol;
using Polly;

namespace Inference.Client;

/// <summary>
/// A typed client of the server's OpenAI-compatible endpoints, with the wire types the server itself uses
/// (including the <c>test_time_scaling</c> extension). Errors come back as <see cref="InferenceApiException"/>;
/// 429/503 answers are retried honouring Retry-After; cancellation reaches the HTTP call.
/// </summary>
public sealed partial class InferenceHttpClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly InferenceHttpClientOptions options;
    private readonly ResiliencePipeline<HttpResponseMessage> retry;

    /// <summary>Uses <paramref name="http"/> as given (its BaseAddress is ignored in favour of the options').</summary>
    public InferenceHttpClient(HttpClient http, InferenceHttpClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options;
        retry = RetryAfterPipeline.Create(options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates its own HttpClient (disposed with this client).</summary>
    public InferenceHttpClient(InferenceHttpClientOptions options) : this(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options)
        => ownsHttp = true;

    /// <summary>The options this client was made with.</summary>
    public InferenceHttpClientOptions Options => options;

    /// <summary>POST /v1/chat/completions (not streamed).</summary>
    public async Task<ChatCompletionResponse> CreateChatCompletionAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
    {
        request.Model ??= options.Model;
        request.Stream = false;
        return await RequestAsync(HttpMethod.Post, "v1/chat/completions", Body(request, ProtocolJsonContext.Default.ChatCompletionRequest),
            ProtocolJsonContext.Default.ChatCompletionResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /v1/chat/completions with stream = true: the chunks as they arrive, choices interleaved by index.</summary>
    public IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
        => StreamChatCompletionAsync(request, null, cancellationToken);

    /// <summary>POST /v1/chat/completions with stream = true: the chunks as they arrive, choices interleaved by index.
    /// With test-time scaling, the server's progress comments (SSE comments) are passed to <paramref name="progress"/>.</summary>
    public IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionAsync(ChatCompletionRequest request, IProgress<string>? progress,
        CancellationToken cancellationToken = default)
    {
        request.Model ??= options.Model;
        request.Stream = true;
        return StreamAsync("v1/chat/completions", Body(request, ProtocolJsonContext.Default.ChatCompletionRequest),
            ProtocolJsonContext.Default.ChatCompletionChunk, progress, cancellationToken);
    }

    /// <summary>POST /v1/completions (not streamed).</summary>
    public async Task<CompletionResponse> CreateCompletionAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        request.Model ??= options.Model;
        request.Stream = false;
        return await RequestAsync(HttpMethod.Post, "v1/completions", Body(request, ProtocolJsonContext.Default.CompletionRequest),
            ProtocolJsonContext.Default.CompletionResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /v1/completions with stream = true: the chunks as they arrive, choices interleaved by index.</summary>
    public IAsyncEnumerable<CompletionResponse> StreamCompletionAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        request.Model ??= options.Model;
        request.Stream = true;
        return StreamAsync("v1/completions", Body(request, ProtocolJsonContext.Default.CompletionRequest),
            ProtocolJsonContext.Default.CompletionResponse, null, cancellationToken);
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(string path, byte[] body, JsonTypeInfo<T> type, IProgress<string>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var chunk in ServerSentEventStream.ReadAsync(stream, (int)response.StatusCode, type, progress, cancellationToken).ConfigureAwait(false))
            yield return chunk;
    }

    /// <summary>GET /v1/models.</summary>
    public async Task<ModelList> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        return await RequestAsync(HttpMethod.Get, "v1/models", null, ProtocolJsonContext.Default.ModelList, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Body<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        var response = await retry.ExecuteAsync(async token =>
        {
            // A fresh message per attempt: a request message cannot be sent twice.
            using var message = new HttpRequestMessage(method, new Uri(options.BaseAddress, path));
            if (body is not null) message.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            if (options.ApiKey is { } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return await http.SendAsync(message, completion, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonElement body2;
            try
            {
                body2 = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException)
            {
                throw new InferenceApiException((int)response.StatusCode, $"HTTP {(int)response.StatusCode}: {text}", null, null, null,
                    RetryAfterPipeline.RetryAfter(response));
            }
            throw InferenceApiException.FromBody((int)response.StatusCode, body2, RetryAfterPipeline.RetryAfter(response));
        }
    }

    /// <summary>A whole-body request and its typed response.</summary>
    private async Task<T> RequestAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
               ?? throw new InferenceApiException((int)response.StatusCode, "The server returned an empty body.", null, null, null);
    }

    /// <summary>Disposes the HttpClient if this client created it.</summary>
    public void Dispose()
    {
        if (ownsHttp) http.Dispose();
    }
}
