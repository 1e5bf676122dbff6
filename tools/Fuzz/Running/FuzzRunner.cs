using System.Diagnostics;
using Inference.Fuzz.Generation;

namespace Inference.Fuzz.Running;

/// <summary>
/// Sends generated cases to a server, <c>concurrency</c> at a time, each bounded by its own timeout (a request that
/// has no complete answer by then counts as a hang), and checks every answer with <see cref="ResponseCheck"/>.
/// </summary>
public sealed class FuzzRunner(HttpClient http, Uri baseUrl, TimeSpan timeout)
{
    public async Task<FuzzSummary> RunAsync(FuzzGenerator generator, long first, long count, int concurrency, Action<FuzzSummary>? onProgress,
        CancellationToken cancellationToken)
    {
        var summary = new FuzzSummary();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Indices(first, count), options, async (index, ct) =>
        {
            summary.Add(await SendAsync(generator.Create(index), ct));
            onProgress?.Invoke(summary);
        });
        return summary;
    }

    public async Task<FuzzOutcome> SendAsync(FuzzCase c, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri(baseUrl, c.Path.TrimStart('/')));
            if (c.Method != "GET")
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
            foreach (var (name, value) in c.Headers)
                if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var problem = ResponseCheck.Problem(status, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter is not null, body);
            return new FuzzOutcome(c, status, problem, false, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FuzzOutcome(c, 0, $"no complete answer within {timeout.TotalSeconds:0.#} s", true, clock.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            return new FuzzOutcome(c, 0, $"transport: {ex.HttpRequestError}: {ex.Message}", false, clock.Elapsed.TotalMilliseconds);
        }
        catch (IOException ex)
        {
            return new FuzzOutcome(c, 0, $"transport: {ex.Message}", false, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>An HTTP client for fuzzing this machine: no proxy, no automatic decompression, enough connections.</summary>
    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = Math.Max(1, concurrency),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static IEnumerable<long> Indices(long first, long count)
    {
        for (var i = 0L; i < count; i++) yield return first + i;
    }
}
