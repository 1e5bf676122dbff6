using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Generation;
using Inference.Pipeline.Tools;
using Inference.Protocol;

namespace Inference.Pipeline.Sources;

/// <summary>
/// Samples from one endpoint of a server speaking OpenAI's chat completions API (a replica of this server, vLLM,
/// llama.cpp's server...): a chunk is one request with the client's messages and sampling fields, the backend's model
/// name, n = the chunk's size, seed = the seed of the chunk's first sample and logprobs on. A replica of this server
/// seeds its sample i with seed + i, so its samples are those a single node draws; other engines draw their own.
/// The HTTP client comes from IHttpClientFactory with the backend's resilience handler (timeouts, circuit breaker).
/// </summary>
/// <remarks>
/// What the wire cannot carry degrades explicitly: a sample's length comes from its logprobs (the final stop token,
/// which OpenAI's logprobs leave out, is added back from usage), its mean log-probability leaves the stop token out,
/// and the temperature schedule reaches only backends of this server (<see cref="SendsSchedule"/>). A choice's tool_calls
/// become sample text the way this server's own samples carry calls (<see cref="ToolCallText"/>). A 400 or 422 is the
/// request's fault, not the backend's: <see cref="UpstreamRequestRejectedException"/>; any other failure is an
/// HttpRequestException, for the pool to redraw the chunk elsewhere.
/// </remarks>
/// <param name="http">Makes the client of one chunk request (IHttpClientFactory's, so its handlers rotate).</param>
public sealed class OpenAiSampleSource(string name, Uri baseAddress, string model, string? apiKey, bool sendsSchedule, Func<HttpClient> http) : ISampleSource
{
    public string Name => name;

    public Uri BaseAddress => baseAddress;

    /// <summary>The model name this backend is asked for.</summary>
    public string Model => model;

    /// <summary>Sets the backend's own credentials on a request to it (never the client's).</summary>
    public void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = string.IsNullOrEmpty(apiKey) ? null : new AuthenticationHeaderValue("Bearer", apiKey);

    /// <summary>The backend is this server: test_time_scaling's temperature_schedule is passed on (with strategy none).</summary>
    public bool SendsSchedule => sendsSchedule;

    public bool CanDraw(SampleDraw draw) => draw.Upstream is not null;

    public async Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken)
    {
        var body = ShardBody(draw);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "v1/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        using var response = await http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (UpstreamRequestRejectedException.Rejects(status))
                throw new UpstreamRequestRejectedException(name, status, error.Message, error.Param, error.Code);
            throw new HttpRequestException($"{status} {error.Message}", null, response.StatusCode);
        }
        var completion = await response.Content.ReadFromJsonAsync<ChatCompletionResponse>(ProtocolJsonContext.WireOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The backend answered with an empty body.");
        return new DrawnSamples(Samples(completion, draw), completion.Usage.PromptTokens,
            [new SourceShare(name, draw.Count, 1, WithoutLogprobs: completion.Choices.Count(c => c.Logprobs is null))]);
    }

    /// <summary>The chunk's request: the client's body with this backend's model, n, seed and logprobs; no streaming and
    /// no selection upstream.</summary>
    public JsonObject ShardBody(SampleDraw draw)
    {
        var body = draw.Upstream!.Body.DeepClone().AsObject();
        var schedule = body["test_time_scaling"]?["temperature_schedule"]?.DeepClone();
        foreach (var field in (string[])["test_time_scaling", "stream", "stream_options", "top_logprobs"]) body.Remove(field);
        body["model"] = model;
        body["n"] = draw.Count;
        body["seed"] = draw.FirstSeed;
        body["logprobs"] = true;
        if (sendsSchedule && schedule is not null)
            body["test_time_scaling"] = new JsonObject
            {
                ["strategy"] = "none", ["samples"] = draw.Count, ["k"] = draw.Count, ["temperature_schedule"] = schedule,
            };
        return body;
    }

    private static List<SampleResult> Samples(ChatCompletionResponse completion, SampleDraw draw)
    {
        var choices = completion.Choices.OrderBy(c => c.Index).ToList();
        if (choices.Count != draw.Count || choices.Select(c => c.Index).Where((index, i) => index != i).Any())
            throw new InvalidOperationException($"The backend returned {choices.Count} choices for n = {draw.Count}.");
        var lengths = Lengths(choices, completion.Usage.CompletionTokens);
        return choices.Select((c, i) => new SampleResult(
            draw.First + i,
            ToolCallText.Render(c.Message.Content, c.Message.ToolCalls),
            [],
            c.FinishReason == "length" ? FinishReason.Length : FinishReason.Stop,
            c.Logprobs is { } lp ? lp.Content.Sum(t => (double)t.Logprob) : null,
            draw.FirstSeed + i,
            null,
            null,
            null) { Length = lengths[i] }).ToList();
    }

    /// <summary>
    /// Tokens per choice: the logprobs entries (the visible tokens), plus the stop tokens that usage counts and logprobs
    /// leave out, one to each choice that stopped, in order. Without logprobs, usage split evenly.
    /// </summary>
    private static int[] Lengths(IReadOnlyList<ChatChoice> choices, int usageTokens)
    {
        if (choices.Any(c => c.Logprobs is null))
            return choices.Select((_, i) => usageTokens / choices.Count + (i < usageTokens % choices.Count ? 1 : 0)).ToArray();
        var lengths = choices.Select(c => c.Logprobs!.Content.Count).ToArray();
        var unseen = usageTokens - lengths.Sum();
        for (var i = 0; i < lengths.Length && unseen > 0; i++)
            if (choices[i].FinishReason is "stop" or "tool_calls")
            {
                lengths[i]++;
                unseen--;
            }
        return lengths;
    }

    /// <summary>The backend's error body (<see cref="ErrorBodyReader"/>), or its text when it is no such body.</summary>
    private static async Task<ErrorFields> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var body = JsonDocument.Parse(text);
            if (ErrorBodyReader.Read(body.RootElement) is { } error) return error;
        }
        catch (JsonException)
        {
        }
        return new ErrorFields(text.Length > 200 ? text[..200] : text, null, null, null);
    }
}
