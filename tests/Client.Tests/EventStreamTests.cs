using System.Net;
using System.Text;
using Inference.Protocol;

namespace Inference.Client.Tests;

/// <summary>
/// The HTTP client's stream reading (System.Net.ServerSentEvents plus the comment tap) on exact wire bytes played by a
/// scripted handler, delivered one byte per read so every line and event boundary falls between reads.
/// </summary>
public sealed class EventStreamTests
{
    private sealed class ScriptedStream(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new OneByteAtATime(Encoding.UTF8.GetBytes(body)));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }

    /// <summary>Collects synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class Collected : IProgress<string>
    {
        public List<string> Items { get; } = [];
        public void Report(string value) => Items.Add(value);
    }

    private static string Chunk(int index, string content) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":{{index}},"delta":{"content":"{{content}}"},"finish_reason":null}]}""";

    private static async Task<(List<ChatCompletionChunk> Chunks, List<string> Progress)> Read(string body)
    {
        using var client = new InferenceHttpClient(new HttpClient(new ScriptedStream(body)),
            new InferenceHttpClientOptions { BaseAddress = new Uri("http://server.test/") });
        var progress = new Collected();
        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in client.StreamChatCompletionAsync(new ChatCompletionRequest { Messages = [] }, progress)) chunks.Add(chunk);
        return (chunks, progress.Items);
    }

    [Fact]
    public async Task Events_and_progress_comments_arrive_in_order_with_either_line_ending_and_stop_at_done()
    {
        var body = $": sampled 4/8\n\ndata: {Chunk(0, "12")}\r\n\r\n: sampled 8/8\r\n\r\ndata:{Chunk(1, "3")}\n\ndata: [DONE]\n\ndata: {Chunk(0, "after done")}\n\n";
        var (chunks, progress) = await Read(body);
        Assert.Equal([(0, "12"), (1, "3")], chunks.Select(c => (c.Choices[0].Index, c.Choices[0].Delta.Content)));
        Assert.Equal(["sampled 4/8", "sampled 8/8"], progress);
    }

    [Fact]
    public async Task An_error_event_in_the_stream_is_thrown_with_its_code()
    {
        var body = $"data: {Chunk(0, "1")}\n\ndata: {{\"error\":{{\"message\":\"verifier down\",\"type\":\"server_error\",\"param\":null,\"code\":\"verifier_failed\"}}}}\n\n";
        var error = await Assert.ThrowsAsync<InferenceApiException>(() => Read(body));
        Assert.Equal("verifier_failed", error.Code);
        Assert.Equal("verifier down", error.Message);
    }
}
