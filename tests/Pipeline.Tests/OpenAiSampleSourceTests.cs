using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Pipeline.Sources;
using Inference.Pipeline.Tools;
using Inference.Protocol;
using Inference.Selection;

namespace Inference.Pipeline.Tests;

/// <summary>
/// What one backend's answer to a chunk becomes, with the backend an HttpMessageHandler that answers as vLLM or a
/// replica would: choices with tool_calls become sample text that <see cref="ToolCallParser"/> reads back as the same
/// calls and that votes like this server's own samples; a 400 or 422 is the request's fault
/// (<see cref="UpstreamRequestRejectedException"/> with the backend's message, param and code), any other failure an
/// HttpRequestException for the pool to redraw. Through a whole server: UpstreamBackendTests in Server.Tests.
/// </summary>
public sealed class OpenAiSampleSourceTests
{
    private static ChatTools Tools(string choice) => ChatTools.Resolve(new ChatCompletionRequest
    {
        Tools = JsonDocument.Parse("""
            [{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}}},
             {"type":"function","function":{"name":"weather"}}]
            """).RootElement,
        ToolChoice = JsonDocument.Parse(choice).RootElement,
    })!;

    private static JsonObject Call(string name, string arguments) => new()
    {
        ["id"] = "call_" + name, ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
    };

    private static JsonObject Choice(int index, string? content, params JsonObject[] calls) => new()
    {
        ["index"] = index,
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["tool_calls"] = calls.Length == 0 ? null : new JsonArray(calls) },
        ["finish_reason"] = calls.Length == 0 ? "stop" : "tool_calls",
        ["logprobs"] = null,
    };

    [Fact]
    public async Task Tool_calls_become_the_text_a_local_sample_has_and_parse_back_as_the_same_calls()
    {
        var source = Source(new Backend(_ => Completion(
            Choice(0, null, Call("add", """{ "b": 2, "a": 1 }""")),
            Choice(1, "Let me check both.", Call("add", """{"a":1,"b":2}"""), Call("weather", """{"city":"Zürich"}""")),
            Choice(2, null, Call("add", "not json")),
            Choice(3, "Just text."))));
        var drawn = await source.DrawAsync(Draw(4), Quiet, CancellationToken.None);
        var texts = drawn.Samples.Select(s => s.Text).ToList();

        Assert.Equal("""{"name":"add","arguments":{"b":2,"a":1}}""", texts[0]);
        Assert.Equal("Let me check both.\n<tool_call>\n{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}\n</tool_call>\n" +
                     "<tool_call>\n{\"name\":\"weather\",\"arguments\":{\"city\":\"Zürich\"}}\n</tool_call>", texts[1]);
        // Arguments that are no JSON object stay the string the backend sent; the parser leaves such a call as text.
        Assert.Equal("""{"name":"add","arguments":"not json"}""", texts[2]);
        Assert.Equal("Just text.", texts[3]);

        // auto: each call read back, the content beside it kept.
        var auto = Tools("\"auto\"");
        var single = ToolCallParser.Parse(texts[0], auto);
        Assert.Null(single.Content);
        Assert.Equal(new ParsedToolCall("add", """{"b":2,"a":1}"""), Assert.Single(single.Calls));
        var both = ToolCallParser.Parse(texts[1], auto);
        Assert.Equal("Let me check both.", both.Content);
        Assert.Equal([new ParsedToolCall("add", """{"a":1,"b":2}"""), new ParsedToolCall("weather", """{"city":"Zürich"}""")], both.Calls);
        Assert.Empty(ToolCallParser.Parse(texts[2], auto).Calls);
        var plain = ToolCallParser.Parse(texts[3], auto);
        Assert.Equal("Just text.", plain.Content);
        Assert.Empty(plain.Calls);

        // required and named: the single call is the constrained document, and its vote key (canonical JSON) is the one a
        // local constrained sample of the same call has, whatever the member order and spacing of either.
        foreach (var forced in (string[])["\"required\"", """{"type":"function","function":{"name":"add"}}"""])
            Assert.Equal("add", Assert.Single(ToolCallParser.Parse(texts[0], Tools(forced)).Calls).Name);
        var json = new JsonAnswerExtractor();
        Assert.Equal(json.Extract("""{"name": "add", "arguments": {"a": 1, "b": 2}}""")!.Key, json.Extract(texts[0])!.Key);
    }

    [Fact]
    public async Task A_choice_that_stopped_on_a_tool_call_gets_its_stop_token_back_from_usage_like_one_that_stopped_on_text()
    {
        var tool = Choice(0, null, Call("add", """{"a":1,"b":2}"""));
        var text = Choice(1, "3");
        tool["logprobs"] = Logprobs(5);
        text["logprobs"] = Logprobs(1);
        var drawn = await Source(new Backend(_ => Completion(usageTokens: 8, tool, text))).DrawAsync(Draw(2), Quiet, CancellationToken.None);
        Assert.Equal([6, 2], drawn.Samples.Select(s => s.Length));
    }

    [Fact]
    public async Task A_400_is_a_rejection_with_the_backends_message_param_and_code_and_is_asked_once()
    {
        var backend = new Backend(_ => Error(HttpStatusCode.BadRequest, """
            {"error": {"message": "This model's maximum context length is 128 tokens.", "type": "invalid_request_error",
                       "param": "messages", "code": "context_length_exceeded"}}
            """));
        var rejected = await Assert.ThrowsAsync<UpstreamRequestRejectedException>(() => Source(backend).DrawAsync(Draw(2), Quiet, CancellationToken.None));
        Assert.Equal(("vllm@test", 400, "This model's maximum context length is 128 tokens.", "messages", "context_length_exceeded"),
            (rejected.Backend, rejected.StatusCode, rejected.BackendMessage, rejected.Param, rejected.Code));
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task A_422_in_vllms_older_top_level_shape_with_a_numeric_code_is_a_rejection_too()
    {
        var backend = new Backend(_ => Error(HttpStatusCode.UnprocessableEntity,
            """{"object": "error", "message": "logit_bias token 999999 is out of vocabulary", "type": "BadRequestError", "param": "logit_bias", "code": 422}"""));
        var rejected = await Assert.ThrowsAsync<UpstreamRequestRejectedException>(() => Source(backend).DrawAsync(Draw(2), Quiet, CancellationToken.None));
        Assert.Equal((422, "logit_bias token 999999 is out of vocabulary", "logit_bias", "422"),
            (rejected.StatusCode, rejected.BackendMessage, rejected.Param, rejected.Code));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Other_failures_stay_http_errors_for_the_pool_to_redraw_elsewhere(HttpStatusCode status)
    {
        var backend = new Backend(_ => Error(status, """{"error": {"message": "busy or missing", "type": "server_error", "param": null, "code": null}}"""));
        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => Source(backend).DrawAsync(Draw(2), Quiet, CancellationToken.None));
        Assert.Equal(status, failed.StatusCode);
        Assert.Equal($"{(int)status} busy or missing", failed.Message);
    }

    private static readonly SamplingProgress Quiet = new(null, 0, 0, 0);

    private static SampleDraw Draw(int count) => new([1, 2, 3], new SamplingParams(), BaseSeed: 100, First: 0, Count: count, QueueAdmission.New,
        new UpstreamRequest(JsonNode.Parse("""{"model": "m", "messages": [{"role": "user", "content": "Add 1 and 2."}]}""")!.AsObject()));

    private static OpenAiSampleSource Source(Backend backend) =>
        new("vllm@test", new Uri("http://backend.test/"), "m", null, false, () => new HttpClient(backend, disposeHandler: false));

    private static JsonObject Logprobs(int tokens) => new()
    {
        ["content"] = new JsonArray(Enumerable.Range(0, tokens).Select(_ => (JsonNode)new JsonObject
        {
            ["token"] = "x", ["logprob"] = -0.5, ["bytes"] = null, ["top_logprobs"] = new JsonArray(),
        }).ToArray()),
    };

    private static HttpResponseMessage Completion(params JsonObject[] choices) => Completion(choices.Length, choices);

    private static HttpResponseMessage Completion(int usageTokens, params JsonObject[] choices) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(new JsonObject
        {
            ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 0, ["model"] = "m",
            ["choices"] = new JsonArray(choices.Select(c => (JsonNode)c).ToArray()),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = usageTokens, ["total_tokens"] = 3 + usageTokens },
        }.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static HttpResponseMessage Error(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A backend answering every chunk request with what the test says, counting the requests.</summary>
    private sealed class Backend(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult(answer(request));
        }
    }
}
