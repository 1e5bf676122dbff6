using System.Net;

namespace Inference.Server.Tests;

/// <summary>
/// Bad requests, each answered with its documented status and an OpenAI error body naming the parameter; afterwards
/// the server still serves normal requests. One theory case per row, plus one run of the whole table in a row.
/// </summary>
public sealed class BadInputTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    public sealed record Case(string Path, string Body, int Status, string? Param, string Code = "invalid_value", string ContentType = "application/json", string Method = "POST");

    private const string Chat = "v1/chat/completions";
    private const string Completions = "v1/completions";
    private const string Tts = "\"test_time_scaling\":";

    private static string Messages(int count) =>
        $$"""{"model":"{{TestModels.Id}}","max_tokens":2,"messages":[{{string.Join(",", Enumerable.Repeat("""{"role":"user","content":"1"}""", count))}}]}""";

    public static readonly IReadOnlyDictionary<string, Case> Table = new Dictionary<string, Case>
    {
        ["malformed json"] = new(Chat, """{"model":""", 400, null, "invalid_json"),
        ["array instead of object"] = new(Chat, "[1,2]", 400, null, "invalid_json"),
        ["empty body"] = new(Chat, "", 400, null, "invalid_json"),
        ["trailing comma"] = new(Chat, Api.Chat("\"n\":1,"), 400, null, "invalid_json"),
        ["temperature as string"] = new(Chat, Api.Chat("\"temperature\":\"hot\""), 400, "temperature", "invalid_type"),
        ["negative temperature"] = new(Chat, Api.Chat("\"temperature\":-1"), 400, "temperature"),
        ["top_p zero"] = new(Chat, Api.Chat("\"top_p\":0"), 400, "top_p"),
        ["top_p above one"] = new(Chat, Api.Chat("\"top_p\":1.5"), 400, "top_p"),
        ["n zero"] = new(Chat, Api.Chat("\"n\":0"), 400, "n"),
        ["huge n"] = new(Chat, Api.Chat("\"n\":100000"), 400, "n"),
        ["n as string"] = new(Chat, Api.Chat("\"n\":\"3\""), 400, "n", "invalid_type"),
        ["n fractional"] = new(Chat, Api.Chat("\"n\":2.5"), 400, "n", "invalid_type"),
        ["max_tokens zero"] = new(Chat, Api.Chat().Replace("\"max_tokens\":4", "\"max_tokens\":0"), 400, "max_tokens"),
        ["max_tokens above cap"] = new(Chat, Api.Chat().Replace("\"max_tokens\":4", "\"max_tokens\":100000"), 400, "max_tokens"),
        ["max_tokens negative"] = new(Chat, Api.Chat().Replace("\"max_tokens\":4", "\"max_tokens\":-5"), 400, "max_tokens"),
        ["max_completion_tokens zero"] = new(Chat, Api.Chat().Replace("\"max_tokens\":4", "\"max_completion_tokens\":0"), 400, "max_completion_tokens"),
        ["max_tokens and max_completion_tokens disagree"] = new(Chat, Api.Chat("\"max_completion_tokens\":5"), 400, "max_completion_tokens"),
        ["presence_penalty too high"] = new(Chat, Api.Chat("\"presence_penalty\":3"), 400, "presence_penalty"),
        ["frequency_penalty too low"] = new(Chat, Api.Chat("\"frequency_penalty\":-2.5"), 400, "frequency_penalty"),
        ["top_k negative"] = new(Chat, Api.Chat("\"top_k\":-1"), 400, "top_k"),
        ["min_p above one"] = new(Chat, Api.Chat("\"min_p\":1.5"), 400, "min_p"),
        ["repetition_penalty zero"] = new(Chat, Api.Chat("\"repetition_penalty\":0"), 400, "repetition_penalty"),
        ["repetition_penalty too high"] = new(Chat, Api.Chat("\"repetition_penalty\":11"), 400, "repetition_penalty"),
        ["stop as number"] = new(Chat, Api.Chat("\"stop\":5"), 400, "stop"),
        ["five stop strings"] = new(Chat, Api.Chat("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), 400, "stop"),
        ["empty stop string"] = new(Chat, Api.Chat("\"stop\":[\"\"]"), 400, "stop"),
        ["logit_bias key not a token id"] = new(Chat, Api.Chat("\"logit_bias\":{\"x\":1}"), 400, "logit_bias"),
        ["logit_bias value out of range"] = new(Chat, Api.Chat("\"logit_bias\":{\"5\":200}"), 400, "logit_bias"),
        ["logit_bias token outside vocabulary"] = new(Chat, Api.Chat("\"logit_bias\":{\"100000\":1}"), 400, "logit_bias"),
        ["top_logprobs above 20"] = new(Chat, Api.Chat("\"logprobs\":true,\"top_logprobs\":21"), 400, "top_logprobs"),
        ["top_logprobs without logprobs"] = new(Chat, Api.Chat("\"top_logprobs\":2"), 400, "top_logprobs"),
        ["logprobs as string"] = new(Chat, Api.Chat("\"logprobs\":\"yes\""), 400, "logprobs", "invalid_type"),
        ["seed as string"] = new(Chat, Api.Chat("\"seed\":\"abc\""), 400, "seed", "invalid_type"),
        ["stream as string"] = new(Chat, Api.Chat("\"stream\":\"yes\""), 400, "stream", "invalid_type"),
        ["min_tokens above max_tokens"] = new(Chat, Api.Chat("\"min_tokens\":10"), 400, "min_tokens"),
        ["stop_token_ids outside vocabulary"] = new(Chat, Api.Chat("\"stop_token_ids\":[100000]"), 400, "stop_token_ids"),
        ["messages missing"] = new(Chat, $$"""{"model":"{{TestModels.Id}}"}""", 400, "messages"),
        ["messages empty"] = new(Chat, $$"""{"model":"{{TestModels.Id}}","messages":[]}""", 400, "messages"),
        ["messages as string"] = new(Chat, $$"""{"model":"{{TestModels.Id}}","messages":"hi"}""", 400, "messages", "invalid_type"),
        ["unknown role"] = new(Chat, Api.Chat().Replace("\"role\":\"user\"", "\"role\":\"wizard\""), 400, "messages[0].role"),
        ["role missing"] = new(Chat, Api.Chat().Replace("\"role\":\"user\",", ""), 400, "messages[0].role"),
        ["tool message without its call id"] = new(Chat, Api.Chat().Replace("\"role\":\"user\"", "\"role\":\"tool\""), 400, "messages[0].tool_call_id"),
        ["function role"] = new(Chat, Api.Chat().Replace("\"role\":\"user\"", "\"role\":\"function\""), 400, "messages[0].role"),
        ["content as number"] = new(Chat, $$"""{"model":"{{TestModels.Id}}","messages":[{"role":"user","content":42}]}""", 400, "messages[0].content"),
        ["image content part"] = new(Chat, $$$"""{"model":"{{{TestModels.Id}}}","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", 400, "messages[0].content[0].type"),
        ["null user content"] = new(Chat, $$"""{"model":"{{TestModels.Id}}","messages":[{"role":"user","content":null}]}""", 400, "messages[0].content"),
        ["too many messages"] = new(Chat, Messages(300), 400, "messages"),
        ["model missing"] = new(Chat, """{"messages":[{"role":"user","content":"hi"}]}""", 400, "model"),
        ["unknown model"] = new(Chat, Api.Chat().Replace($"\"model\":\"{TestModels.Id}\"", "\"model\":\"gpt-9\""), 404, "model", "model_not_found"),
        ["alias with unknown strategy"] = new(Chat, Api.Chat().Replace($"\"model\":\"{TestModels.Id}\"", $"\"model\":\"{TestModels.Id}:wizardry@4\""), 400, "model"),
        ["alias with zero samples"] = new(Chat, Api.Chat().Replace($"\"model\":\"{TestModels.Id}\"", $"\"model\":\"{TestModels.Id}:majority@0\""), 400, "model"),
        ["tools not a list"] = new(Chat, Api.Chat("\"tools\":{\"type\":\"function\"}"), 400, "tools"),
        ["tool of another type"] = new(Chat, Api.Chat("\"tools\":[{\"type\":\"retrieval\"}]"), 400, "tools[0].type"),
        ["tool without a name"] = new(Chat, Api.Chat("\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"x\"}}]"), 400, "tools[0].function.name"),
        ["tool_choice naming an undeclared function"] = new(Chat, Api.Chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}"), 400, "tool_choice.function.name"),
        ["response_format with a forced tool call"] = new(Chat, Api.Chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\",\"response_format\":{\"type\":\"json_object\"}"), 400, "response_format"),
        ["tool_choice required without tools"] = new(Chat, Api.Chat("\"tool_choice\":\"required\""), 400, "tool_choice"),
        ["required call whose parameters use an unsupported keyword"] = new(Chat, Api.Chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\",\"maximum\":3}}}}}],\"tool_choice\":\"required\""), 400, "tools[0].function.parameters"),
        ["response_format of an unknown type"] = new(Chat, Api.Chat("\"response_format\":{\"type\":\"xml\"}"), 400, "response_format.type"),
        ["json_schema without a name"] = new(Chat, Api.Chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"), 400, "response_format.json_schema.name"),
        ["json_schema with an unsupported keyword"] = new(Chat, Api.Chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"schema\":{\"type\":\"string\",\"format\":\"email\"}}}"), 400, "response_format.json_schema.schema"),
        ["json_schema whose shortest document exceeds max_tokens"] = new(Chat, Api.Chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\",\"schema\":{\"const\":\"a long constant string\"}}}"), 400, "max_tokens"),
        ["prompt longer than the context"] = new(Chat, Api.Chat(content: new string('7', 3000)), 400, "messages", "context_length_exceeded"),
        ["tts unknown strategy"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"wizard\"}"), 400, "test_time_scaling.strategy"),
        ["tts zero samples"] = new(Chat, Api.Chat(Tts + "{\"samples\":0}"), 400, "test_time_scaling.samples"),
        ["tts huge samples"] = new(Chat, Api.Chat(Tts + "{\"samples\":100000}"), 400, "test_time_scaling.samples"),
        ["tts samples as string"] = new(Chat, Api.Chat(Tts + "{\"samples\":\"many\"}"), 400, "test_time_scaling.samples", "invalid_type"),
        ["tts k above samples"] = new(Chat, Api.Chat(Tts + "{\"samples\":2,\"k\":5}"), 400, "test_time_scaling.k"),
        ["tts k disagrees with n"] = new(Chat, Api.Chat("\"n\":2," + Tts + "{\"samples\":4,\"k\":3}"), 400, "test_time_scaling.k"),
        ["tts alpha above one"] = new(Chat, Api.Chat(Tts + "{\"alpha\":2}"), 400, "test_time_scaling.alpha"),
        ["tts unknown weight"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"weighted_majority\",\"weight\":\"vibes\"}"), 400, "test_time_scaling.weight"),
        ["tts unknown answer format"] = new(Chat, Api.Chat(Tts + "{\"answer\":\"nonsense\"}"), 400, "test_time_scaling.answer"),
        ["tts invalid answer regex"] = new(Chat, Api.Chat(Tts + "{\"answer\":{\"format\":\"regex\",\"pattern\":\"(unclosed\"}}"), 400, "test_time_scaling.answer"),
        ["tts answer regex without answer group"] = new(Chat, Api.Chat(Tts + "{\"answer\":{\"format\":\"regex\",\"pattern\":\"\\\\d+\"}}"), 400, "test_time_scaling.answer"),
        ["tts invalid verifier regex"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"type\":\"regex\",\"must_match\":[\"(bad\"]}]}"), 400, "test_time_scaling.verifiers[0].must_match"),
        ["tts invalid json schema"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"type\":\"json_schema\",\"schema\":{\"type\":\"wizard\"}}]}"), 400, "test_time_scaling.verifiers[0].schema"),
        ["tts unknown verifier name"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[\"nope\"]}"), 400, "test_time_scaling.verifiers[0]"),
        ["tts verifier url from the request"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"type\":\"external\",\"url\":\"http://127.0.0.1:1/x\"}]}"), 400, "test_time_scaling.verifiers[0].url"),
        ["tts unknown external verifier"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"type\":\"external\",\"name\":\"nope\"}]}"), 400, "test_time_scaling.verifiers[0].name"),
        ["tts reward strategy without a reward model"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"best_of_n\"}"), 400, "test_time_scaling.strategy"),
        ["tts verifier strategy without verifiers"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"verifier\"}"), 400, "test_time_scaling.verifiers"),
        ["tts reference verifier without an answer"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[\"reference_answer\"]}"), 400, "test_time_scaling.reference_answer"),
        ["tts unknown schedule"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"type\":\"wizard\"}}"), 400, "test_time_scaling.temperature_schedule.type"),
        ["tts linear schedule without tokens"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"type\":\"linear\",\"start\":1,\"end\":0.2}}"), 400, "test_time_scaling.temperature_schedule.tokens"),
        ["tts ead negative decay"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"type\":\"ead\",\"decay\":-1}}"), 400, "test_time_scaling.temperature_schedule.decay"),
        ["tts unknown early_stop rule"] = new(Chat, Api.Chat(Tts + "{\"early_stop\":{\"rule\":\"vibes\"}}"), 400, "test_time_scaling.early_stop.rule"),
        ["tts beta threshold too low"] = new(Chat, Api.Chat(Tts + "{\"early_stop\":{\"rule\":\"beta\",\"threshold\":0.3}}"), 400, "test_time_scaling.early_stop.threshold"),
        ["tts misspelled field"] = new(Chat, Api.Chat(Tts + "{\"samplez\":4}"), 400, "test_time_scaling.samplez"),
        ["tts misspelled schedule field"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"type\":\"ead\",\"tau_min\":-1}}"), 400, "test_time_scaling.temperature_schedule.tau_min"),
        ["tts field of another schedule type"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"type\":\"ead\",\"start\":1}}"), 400, "test_time_scaling.temperature_schedule.start"),
        ["tts schedule without type"] = new(Chat, Api.Chat(Tts + "{\"temperature_schedule\":{\"decay\":3}}"), 400, "test_time_scaling.temperature_schedule.type"),
        ["tts field of the other early_stop rule"] = new(Chat, Api.Chat(Tts + "{\"early_stop\":{\"rule\":\"beta\",\"window\":3}}"), 400, "test_time_scaling.early_stop.window"),
        ["tts early_rejection with a strategy that uses no reward"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"majority\",\"early_rejection\":{\"checkpoints\":[2]}}"), 400, "test_time_scaling.early_rejection"),
        ["tts early_rejection fractional token count"] = new(Chat, Api.Chat(Tts + "{\"early_rejection\":{\"checkpoints\":[4,2.5]}}"), 400, "test_time_scaling.early_rejection.checkpoints[1]"),
        ["tts early_rejection without checkpoints"] = new(Chat, Api.Chat(Tts + "{\"early_rejection\":{\"keep\":0.5}}"), 400, "test_time_scaling.early_rejection.checkpoints"),
        ["tts early_rejection keep zero"] = new(Chat, Api.Chat(Tts + "{\"early_rejection\":{\"checkpoints\":[2],\"keep\":0}}"), 400, "test_time_scaling.early_rejection.keep"),
        ["tts early_rejection max_total_tokens without refill"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"best_of_n\",\"samples\":4,\"early_rejection\":{\"checkpoints\":[2],\"max_total_tokens\":64}}"), 400, "test_time_scaling.early_rejection.max_total_tokens"),
        ["tts early_rejection refill budget below the first samples"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"best_of_n\",\"samples\":4,\"early_rejection\":{\"checkpoints\":[2],\"refill\":true,\"max_total_tokens\":15}}"), 400, "test_time_scaling.early_rejection.max_total_tokens"),
        ["tts early_rejection refill budget past the samples limit"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"best_of_n\",\"samples\":4,\"early_rejection\":{\"checkpoints\":[2],\"refill\":true,\"max_total_tokens\":2147483647}}"), 400, "test_time_scaling.early_rejection.max_total_tokens"),
        ["tts early_rejection misspelled field"] = new(Chat, Api.Chat(Tts + "{\"early_rejection\":{\"checkpoint\":[2]}}"), 400, "test_time_scaling.early_rejection.checkpoint"),
        ["tts budget on chat"] = new(Chat, Api.Chat(Tts + "{\"budget\":8}"), 400, "test_time_scaling.budget"),
        ["tts budget below one sample per prompt"] = new(Completions, Api.Completion(Tts + "{\"budget\":2}").Replace("\"prompt\":\"2+3=\"", "\"prompt\":[\"1\",\"2\",\"3\"]"), 400, "test_time_scaling.budget"),
        ["tts budget with the esc rule"] = new(Completions, Api.Completion(Tts + "{\"budget\":8,\"early_stop\":{\"rule\":\"esc\",\"window\":2}}"), 400, "test_time_scaling.early_stop.rule"),
        ["tts budget streamed"] = new(Completions, Api.Completion("\"stream\":true," + Tts + "{\"budget\":8}"), 400, "stream"),
        ["tts misspelled verifier field"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"type\":\"regex\",\"must_macth\":[\"x\"]}]}"), 400, "test_time_scaling.verifiers[0].must_macth"),
        ["tts verifier object without type"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[{\"name\":\"x\"}]}"), 400, "test_time_scaling.verifiers[0].type"),
        ["tts verifier as number"] = new(Chat, Api.Chat(Tts + "{\"verifiers\":[5]}"), 400, "test_time_scaling.verifiers[0]", "invalid_type"),
        ["tts answer pattern on a named format"] = new(Chat, Api.Chat(Tts + "{\"answer\":{\"format\":\"boxed\",\"pattern\":\"x\"}}"), 400, "test_time_scaling.answer.pattern"),
        ["tts verifier strategy whose inner strategy needs a reward model"] = new(Chat, Api.Chat(Tts + "{\"strategy\":\"verifier\",\"inner_strategy\":\"best_of_n\",\"verifiers\":[{\"type\":\"regex\",\"must_match\":[\"x\"]}]}"), 400, "test_time_scaling.strategy"),
        ["json_schema response_format without its object"] = new(Chat, Api.Chat("\"response_format\":{\"type\":\"json_schema\"}"), 400, "response_format.json_schema"),
        ["completion suffix"] = new(Completions, Api.Completion("\"suffix\":\"x\""), 400, "suffix"),
        ["completion prompt missing"] = new(Completions, $$"""{"model":"{{TestModels.Id}}"}""", 400, "prompt"),
        ["completion prompt empty list"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":[]}""", 400, "prompt"),
        ["completion prompt mixed list"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":[1,"a"]}""", 400, "prompt"),
        ["completion empty token list"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":[[]]}""", 400, "prompt[0]"),
        ["completion token outside vocabulary"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":[100000]}""", 400, "prompt", "invalid_token_id"),
        ["completion prompt longer than the context"] = new(Completions, Api.Completion(prompt: new string('7', 3000)), 400, "prompt", "context_length_exceeded"),
        ["completion prompt that tokenizes to nothing"] = new(Completions, Api.Completion(prompt: "\\u3000"), 400, "prompt"),
        ["completion prompt of bidi controls only"] = new(Completions, Api.Completion(prompt: "\\u202e\\u202d"), 400, "prompt"),
        ["completion prompt of a noncharacter"] = new(Completions, Api.Completion(prompt: "\\uffff"), 400, "prompt"),
        ["completion second prompt tokenizes to nothing"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":["1+1=","\u3000"],"max_tokens":2}""", 400, "prompt[1]"),
        ["completion second prompt empty"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":["1+1=",""],"max_tokens":2}""", 400, "prompt[1]"),
        ["completion prompt as number"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":5}""", 400, "prompt"),
        ["completion logprobs above 5"] = new(Completions, Api.Completion("\"logprobs\":6"), 400, "logprobs"),
        ["completion logprobs as boolean"] = new(Completions, Api.Completion("\"logprobs\":true"), 400, "logprobs", "invalid_type"),
        ["completion best_of below n"] = new(Completions, Api.Completion("\"n\":2,\"best_of\":1"), 400, "best_of"),
        ["completion best_of streamed"] = new(Completions, Api.Completion("\"best_of\":3,\"stream\":true"), 400, "best_of"),
        ["completion max_tokens zero without echo and logprobs"] = new(Completions, Api.Completion("\"logprobs\":1").Replace("\"max_tokens\":4", "\"max_tokens\":0"), 400, "max_tokens"),
        ["completion echo with logprobs and test_time_scaling"] = new(Completions, Api.Completion("\"echo\":true,\"logprobs\":1," + Tts + "{\"strategy\":\"majority\",\"samples\":2}"), 400, "echo"),
        ["completion too many prompts"] = new(Completions, $$"""{"model":"{{TestModels.Id}}","prompt":[{{string.Join(",", Enumerable.Repeat("\"1\"", 17))}}]}""", 400, "prompt"),
        ["wrong content type"] = new(Chat, Api.Chat(), 415, null, "unsupported_media_type", "text/plain"),
        ["oversized body"] = new(Chat, Api.Chat(content: new string('1', 70_000)), 413, null, "request_too_large"),
        // Read and dropped up to 4x the limit, so the client reads the 413 instead of a connection reset mid-upload.
        ["body three times the limit"] = new(Chat, Api.Chat(content: new string('1', 190_000)), 413, null, "request_too_large"),
        ["oversized tokenize body"] = new("tokenize", $$"""{"prompt":"{{new string('1', 150_000)}}"}""", 413, null, "request_too_large"),
        ["tokenize without prompt"] = new("tokenize", "{}", 400, "prompt"),
        ["detokenize negative id"] = new("detokenize", """{"tokens":[-1]}""", 400, "tokens[0]", "invalid_token_id"),
        ["detokenize without tokens"] = new("detokenize", "{}", 400, "tokens"),
        ["apply-template without messages"] = new("apply-template", """{"messages":[]}""", 400, "messages"),
        ["unknown route"] = new("v1/nothing", "{}", 404, null, "not_found"),
        ["wrong method"] = new(Chat, "", 405, null, "method_not_allowed", Method: "GET"),
        ["unknown model card"] = new("v1/models/gpt-9", "", 404, "model", "model_not_found", Method: "GET"),
    };

    public static TheoryData<string> Names() => new(Table.Keys);

    [Fact]
    public async Task A_misspelled_field_of_our_extension_is_named_with_the_fields_it_accepts()
    {
        var reply = await Send(Table["tts misspelled schedule field"]);
        Assert.Equal("unknown field 'tau_min' in test_time_scaling.temperature_schedule; accepted: type, max_temperature, min_temperature, decay, " +
                     "scale, warmup_tokens.", reply.ErrorMessage);
        // OpenAI's own fields keep OpenAI's behaviour: an unknown top-level field is ignored.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync(Chat, Api.Chat("\"temperatur\":0.5"))).Status);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Bad_input_gets_its_status_and_an_openai_error_naming_the_parameter(string name)
    {
        var c = Table[name];
        var reply = await Send(c);
        Assert.True((int)reply.Status == c.Status, $"{name}: expected {c.Status}, got {(int)reply.Status}: {reply.Text}");
        Assert.Equal("application/json", reply.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request_error", reply.ErrorType);
        Assert.Equal(c.Param, reply.ErrorParam);
        Assert.Equal(c.Code, reply.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(reply.ErrorMessage));
        Assert.DoesNotContain("   at ", reply.Text); // no stack trace
        Assert.True(reply.Response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task After_the_whole_table_the_server_still_serves_a_normal_request()
    {
        foreach (var (name, c) in Table)
            Assert.True((int)(await Send(c)).Status == c.Status, name);
        var ok = await server.Http.PostAsync(Chat, Api.Chat("\"n\":2"));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(2, ok.Json!["choices"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("PUT", "tokenize", "application/json", 405)]
    [InlineData("POST", "tokenize", "text/plain", 415)]
    [InlineData("POST", "v1/nothing", "application/json", 404)]
    [InlineData("POST", "v1/chat/completions", "application/json", 413)]
    public async Task A_body_over_the_limit_is_answered_and_the_connection_closed_only_when_it_was_not_read(string method, string path, string type, int status)
    {
        // 100 KB against the test server's 64 KiB: refused before reading (route, method, media type) the body is left
        // unread and the close is announced, so the client does not reuse a connection Kestrel is about to close; a
        // JSON route reads it to the end (413) and the connection stays usable.
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent($$"""{"prompt":"{{new string('1', 100_000)}}"}""", System.Text.Encoding.UTF8, type),
        };
        var reply = await Api.ReadAsync(await server.Http.SendAsync(request));
        Assert.Equal(status, (int)reply.Status);
        Assert.False(string.IsNullOrWhiteSpace(reply.ErrorMessage));
        Assert.Equal(status != 413, reply.Response.Headers.ConnectionClose == true);
        var small = await server.Http.PostAsync("tokenize", """{"prompt":"1"}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, small.Status);
        Assert.NotEqual(true, small.Response.Headers.ConnectionClose);
    }

    private Task<Api.Reply> Send(Case c) => c.Method == "GET"
        ? server.Http.GetJsonAsync(c.Path)
        : server.Http.PostAsync(c.Path, c.Body, c.ContentType);
}
