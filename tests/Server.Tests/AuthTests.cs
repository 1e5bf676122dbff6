using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using OpenAI;
using OpenAI.Chat;

namespace Inference.Server.Tests;

public sealed class AuthServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() => ["--api-key", "key-one", "--api-key=key-two"];
}

/// <summary>API keys from the command line: Bearer required on the API, health/metrics/OpenAPI open.</summary>
public sealed class AuthTests(AuthServer server) : IClassFixture<AuthServer>
{
    private async Task<Api.Reply> Post(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(Api.Chat(), System.Text.Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Api.ReadAsync(await server.Http.SendAsync(request));
    }

    [Fact]
    public async Task Missing_or_wrong_keys_get_401_and_either_configured_key_works()
    {
        var missing = await Post(null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("missing_api_key", missing.ErrorCode);
        Assert.Equal("invalid_request_error", missing.ErrorType);
        Assert.Null(missing.ErrorParam);
        Assert.Equal("Bearer", missing.Response.Headers.WwwAuthenticate.ToString());

        var wrong = await Post("key-three");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("invalid_api_key", wrong.ErrorCode);
        Assert.DoesNotContain("key-three", wrong.Text);

        Assert.Equal(HttpStatusCode.OK, (await Post("key-one")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post("key-two")).Status);
    }

    [Fact]
    public async Task Utility_routes_need_the_key_and_health_metrics_openapi_do_not()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.PostAsync("tokenize", """{"prompt":"1"}""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetJsonAsync("v1/models")).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetJsonAsync("health/ready")).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task The_sdk_sends_its_key_and_sees_401_for_a_wrong_one()
    {
        ChatClient Client(string key) => new(server.Model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });
        ChatCompletion ok = await Client("key-two").CompleteChatAsync([new UserChatMessage("1+1=")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.NotNull(ok.Content);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("nope").CompleteChatAsync([new UserChatMessage("1+1=")]));
        Assert.Equal(401, error.Status);
        Assert.Contains("Incorrect API key", error.Message);
    }
}
