using System.Net;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>A gateway (ScaleOut:LocalSamples=false) whose samples come from two OpenAI-compatible backends the test
/// writes (<see cref="FakeOpenAiBackend"/>), each one member of the pool. A low breaker threshold lets a test see that
/// 400s do not open it.</summary>
public sealed class UpstreamGateway : ServerFixture
{
    public FakeOpenAiBackend[] Backends { get; private set; } = [];

    protected override bool InMemory => true;

    protected override async Task BeforeStartAsync() =>
        Backends = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => FakeOpenAiBackend.StartAsync(TestModels.Id)));

    protected override IEnumerable<string> Arguments() =>
    [
        .. Backends.Select((b, i) => $"--Backends:fake:Endpoints:{i}={b.BaseAddress}"),
        "--Backends:fake:BreakerMinimumThroughput=2",
        "--Backends:fake:BreakerFailureRatio=0.5",
        "--ScaleOut:LocalSamples=false",
    ];

    protected override async Task AfterStopAsync()
    {
        foreach (var backend in Backends) await backend.DisposeAsync();
    }
}

/// <summary>
/// What comes back from OpenAI-compatible backends reaches the client as if this server had drawn it: tool_calls
/// (content null, arguments a JSON string, as vLLM answers) are voted over and returned as tool_calls, for forced
/// (required, named) and auto tool choices; a backend's 400 (the request is invalid there) is the client's 400 at once,
/// streamed or not, with the backend's message, param and code, not a redraw on every member and a 503.
/// </summary>
public sealed class UpstreamBackendTests(UpstreamGateway gateway) : IClassFixture<UpstreamGateway>
{
    private const string Weather = """{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city","unit"]}}}""";
    private const string Add = """{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}}}""";

    private static string Body(string toolChoice, string tools = Weather, string extra = "") =>
        Api.Chat($$$"""
            "tools":[{{{tools}}}],"tool_choice":{{{toolChoice}}},"test_time_scaling":{"strategy":"majority","samples":6,"return_candidates":true}{{{extra}}}
            """.Trim());

    /// <summary>Every backend answers each chunk of n with its first choice one call and the others another.</summary>
    private void AnswerEach(Func<int, JsonObject> choice)
    {
        foreach (var backend in gateway.Backends)
        {
            backend.Clear();
            backend.Answer = body => (200, FakeOpenAiBackend.Completion(TestModels.Id, Enumerable.Range(0, (int)body["n"]!).Select(choice)));
        }
    }

    [Theory]
    [InlineData("\"required\"")]
    [InlineData("""{"type":"function","function":{"name":"weather"}}""")]
    public async Task Forced_tool_calls_from_backends_are_voted_over_canonically_and_returned_as_tool_calls(string toolChoice)
    {
        // Chunks of 3 on each backend: 2 x Rome, 4 x Paris (spelled two ways, one vote key).
        AnswerEach(i => FakeOpenAiBackend.ToolCallChoice(i, null, ("weather", i switch
        {
            0 => """{"city":"Rome","unit":"c"}""",
            1 => """{"city":"Paris","unit":"c"}""",
            _ => """{ "unit": "c",  "city": "Paris" }""",
        })));
        var reply = await gateway.Http.PostAsync("v1/chat/completions", Body(toolChoice));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);

        var report = reply.Json!["test_time_scaling"]!;
        Assert.Equal(0, (int)report["unanswered"]!);
        Assert.Equal(6, (int)report["samples_used"]!);
        Assert.Equal(["""{"arguments":{"city":"Paris","unit":"c"},"name":"weather"}:4:True""", """{"arguments":{"city":"Rome","unit":"c"},"name":"weather"}:2:False"""],
            report["answers"]!.AsArray().Select(a => $"{(string)a!["answer"]!}:{(int)a["votes"]!}:{(bool)a["chosen"]!}").Order(StringComparer.Ordinal));
        var choice = reply.Json["choices"]![0]!;
        Assert.Equal("tool_calls", (string)choice["finish_reason"]!);
        Assert.Null(choice["message"]!["content"]);
        var call = Assert.Single(choice["message"]!["tool_calls"]!.AsArray())!;
        Assert.Equal("weather", (string)call["function"]!["name"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Paris","unit":"c"}"""), JsonNode.Parse((string)call["function"]!["arguments"]!)));
        Assert.StartsWith("call_", (string)call["id"]!);

        // Each backend was asked for its chunk with the client's tools and tool_choice.
        var sent = gateway.Backends.SelectMany(b => b.Requests).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(toolChoice), r["tool_choice"])));
        Assert.All(sent, r => Assert.Equal("weather", (string)r["tools"]![0]!["function"]!["name"]!));
    }

    [Fact]
    public async Task Auto_tool_calls_from_backends_keep_their_content_and_come_back_as_tool_calls()
    {
        // 4 samples call add(12, 30) after a sentence, 2 call add(12, 31) bare: the vote (last number, as for the local
        // engine's auto-mode text) picks 30, and the chosen sample is content plus the call.
        AnswerEach(i => i == 0
            ? FakeOpenAiBackend.ToolCallChoice(i, null, ("add", """{"a":12,"b":31}"""))
            : FakeOpenAiBackend.ToolCallChoice(i, "Adding.", ("add", """{"a": 12, "b": 30}""")));
        var reply = await gateway.Http.PostAsync("v1/chat/completions", Body("\"auto\"", $"{Add},{Weather}"));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);

        var report = reply.Json!["test_time_scaling"]!;
        Assert.Equal(["30:4:True", "31:2:False"],
            report["answers"]!.AsArray().Select(a => $"{(string)a!["answer"]!}:{(int)a["votes"]!}:{(bool)a["chosen"]!}").Order(StringComparer.Ordinal));
        var choice = reply.Json["choices"]![0]!;
        Assert.Equal("tool_calls", (string)choice["finish_reason"]!);
        Assert.Equal("Adding.", (string)choice["message"]!["content"]!);
        var call = Assert.Single(choice["message"]!["tool_calls"]!.AsArray())!;
        Assert.Equal("add", (string)call["function"]!["name"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":12,"b":30}"""), JsonNode.Parse((string)call["function"]!["arguments"]!)));
    }

    [Fact]
    public async Task A_backends_400_is_the_clients_400_at_once_with_its_param_streamed_or_not_and_does_not_open_the_breaker()
    {
        const string message = "This model's maximum context length is 128 tokens. However, you requested 300 tokens.";
        foreach (var backend in gateway.Backends)
        {
            backend.Clear();
            backend.Answer = _ => (400, JsonNode.Parse($$$"""
                {"error": {"message": "{{{message}}}", "type": "BadRequestError", "param": "messages", "code": "context_length_exceeded"}}
                """)!);
        }
        foreach (var stream in (string[])["", ""","stream":true"""])
        {
            var reply = await gateway.Http.PostAsync("v1/chat/completions", Body("\"required\"", extra: stream));
            Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{stream}: {(int)reply.Status} {reply.Text}");
            Assert.Equal("application/json", reply.Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(("invalid_request_error", "messages", "context_length_exceeded"), (reply.ErrorType, reply.ErrorParam, reply.ErrorCode));
            Assert.Matches($@"^backend fake@127\.0\.0\.1:\d+: {System.Text.RegularExpressions.Regex.Escape(message)}$", reply.ErrorMessage);
        }
        // At most one chunk per member per request, none redrawn on the other member (a redraw would ask each member
        // twice per request). A member's chunk may be cancelled before it is sent once the other's 400 came back.
        Assert.All(gateway.Backends, b => Assert.InRange(b.Requests.Count, 0, 2));
        Assert.InRange(gateway.Backends.Sum(b => b.Requests.Count), 2, 4);

        // Two 400s per endpoint would have opened a breaker that counted them (2 requests, ratio 0.5): the backends are
        // still asked, and answer.
        AnswerEach(i => FakeOpenAiBackend.ToolCallChoice(i, null, ("weather", """{"city":"Paris","unit":"c"}""")));
        var after = await gateway.Http.PostAsync("v1/chat/completions", Body("\"required\""));
        Assert.True(after.Status == HttpStatusCode.OK, after.Text);
        Assert.Equal([1, 1], gateway.Backends.Select(b => b.Requests.Count));
    }

    [Fact]
    public async Task A_backend_that_refuses_after_the_stream_started_ends_it_with_an_error_event()
    {
        // One member answers at once, so the stream starts; the other refuses its chunk only once the client holds the
        // stream's headers: the refusal can no longer be a status, so it is the stream's last event (no [DONE]).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AnswerEach(i => FakeOpenAiBackend.ToolCallChoice(i, null, ("weather", """{"city":"Paris","unit":"c"}""")));
        var late = gateway.Backends[1];
        late.Hold = () => release.Task;
        late.Answer = _ => (400, JsonNode.Parse("""{"error": {"message": "too long", "type": "BadRequestError", "param": "messages", "code": "context_length_exceeded"}}""")!);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent(Body("\"required\"", extra: ""","stream":true"""), System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Inference.Testing.Eventually.TrueAsync(() => late.Requests.Count == 1, "the late member holding its chunk request");
            release.SetResult();
            var sse = Sse.Parse(await response.Content.ReadAsStringAsync());
            var error = sse.Chunks[^1]["error"]!;
            Assert.Equal(("context_length_exceeded", "messages"), ((string?)error["code"], (string?)error["param"]));
            Assert.StartsWith("backend fake@127.0.0.1:", (string?)error["message"]);
            Assert.DoesNotContain("[DONE]", sse.Data);
        }
        finally
        {
            late.Hold = null;
            release.TrySetResult();
        }
    }
}
