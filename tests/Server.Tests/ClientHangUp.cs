using System.Net;

namespace Inference.Server.Tests;

/// <summary>A streaming client that goes away mid-generation, while the gate holds the decode loop.</summary>
public static class ClientHangUp
{
    /// <summary>
    /// Starts the stream, parks the loop once its rows are decoding, reads the first event (a chunk, or a progress
    /// comment while samples are drawn) and hangs up.
    /// </summary>
    public static async Task MidStreamAsync(ServerFixture server, DecodeLoopGate gate, string streamingBody)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(streamingBody, System.Text.Encoding.UTF8, "application/json"),
        };
        // A client that does not drain the rest of the body on dispose, so disposing really hangs up.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseAddress };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The stream was submitted before its headers were sent; park the loop once its rows are decoding.
        await gate.MoveOnUntilAsync(() => gate.Scheduler.Stats.ActiveRows > 1);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { Length: 0 })
        {
        }
    }
}
