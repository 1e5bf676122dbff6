using System.Net;
using System.Text.Json;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>/v1/models, /tokenize, /detokenize, /apply-template, health, metrics, OpenAPI and the request id.</summary>
public sealed class UtilityEndpointTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    [Fact]
    public async Task Models_list_the_served_model_with_its_descriptor()
    {
        var list = await server.Http.GetJsonAsync("v1/models");
        Assert.Equal("list", list.Json!["object"]!.GetValue<string>());
        // The served model, then the fixture's configured alias (ModelIdTests covers aliases).
        var card = list.Json["data"]!.AsArray().Single(m => m!["alias_of"] is null)!;
        Assert.Equal(TestModels.Id, card["id"]!.GetValue<string>());
        Assert.Equal("model", card["object"]!.GetValue<string>());
        using var genai = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestModels.LanguageModel, "genai_config.json")));
        Assert.Equal(genai.RootElement.GetProperty("model").GetProperty("context_length").GetInt32(), card["context_length"]!.GetValue<int>());
        Assert.Equal("cpu", card["device"]!.GetValue<string>());
        Assert.Contains("CPUExecutionProvider", card["execution_providers"]!.AsArray().Select(p => p!.GetValue<string>()));

        var one = await server.Http.GetJsonAsync($"v1/models/{TestModels.Id}");
        Assert.Equal(card.ToJsonString(), one.Json!.ToJsonString());
    }

    [Fact]
    public async Task Tokenize_and_detokenize_round_trip_and_report_the_context()
    {
        var tokens = await server.Http.PostAsync("tokenize", """{"prompt":"12+30=42","return_token_strs":true}""");
        var ids = tokens.Json!["tokens"]!.AsArray().Select(t => t!.GetValue<int>()).ToList();
        Assert.Equal(ids.Count, tokens.Json["count"]!.GetValue<int>());
        Assert.Equal(ids.Count, tokens.Json["token_strs"]!.AsArray().Count);
        var models = await server.Http.GetJsonAsync("v1/models");
        Assert.Equal(models.Json!["data"]![0]!["context_length"]!.GetValue<int>(), tokens.Json["max_model_len"]!.GetValue<int>());

        var text = await server.Http.PostAsync("detokenize", $$"""{"tokens":{{JsonSerializer.Serialize(ids)}}}""");
        Assert.Equal("12+30=42", text.Json!["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokenizing_messages_equals_tokenizing_the_applied_template()
    {
        const string messages = """[{"role":"system","content":"add"},{"role":"user","content":"2+2="}]""";
        var rendered = (await server.Http.PostAsync("apply-template", $$"""{"messages":{{messages}}}""")).Json!["prompt"]!.GetValue<string>();
        Assert.Contains("2+2=", rendered);
        var withoutPrompt = (await server.Http.PostAsync("apply-template", $$"""{"messages":{{messages}},"add_generation_prompt":false}""")).Json!["prompt"]!.GetValue<string>();
        Assert.StartsWith(withoutPrompt, rendered);
        Assert.NotEqual(withoutPrompt, rendered);

        var fromMessages = (await server.Http.PostAsync("tokenize", $$"""{"messages":{{messages}}}""")).Json!["tokens"]!.ToJsonString();
        var fromText = (await server.Http.PostAsync("tokenize", $$"""{"prompt":{{JsonSerializer.Serialize(rendered)}},"add_special_tokens":false}""")).Json!["tokens"]!.ToJsonString();
        Assert.Equal(fromText, fromMessages);
    }

    [Fact]
    public async Task Health_reports_live_and_ready_with_the_provider_in_use()
    {
        var live = await server.Http.GetJsonAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.Status);
        var ready = await server.Http.GetJsonAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Json!["status"]!.GetValue<string>());
        Assert.Equal("CPUExecutionProvider", ready.Json["models"]![0]!["execution_providers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_requests_tokens_queue_and_latency()
    {
        await server.Http.PostAsync("v1/chat/completions", Api.Chat());
        // The request's count and duration are recorded as the server's middleware unwinds, which can be just after
        // the client has the whole response: scrape until they are there (they stay) instead of at one instant.
        string? mediaType = null;
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            using var response = await server.Http.GetAsync("metrics");
            mediaType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync();
            return text.Contains("inference_http_request_duration_seconds_count{route=\"/v1/chat/completions\"}");
        }, "the chat request being recorded in the metrics");
        Assert.Equal("text/plain", mediaType);
        foreach (var expected in new[]
                 {
                     "# TYPE inference_http_requests_total counter",
                     "inference_http_requests_total{route=\"/v1/chat/completions\",status=\"200\"}",
                     $"inference_time_to_first_token_seconds_bucket{{model=\"{TestModels.Id}\",le=\"+Inf\"}}",
                     "inference_http_request_duration_seconds_count{route=\"/v1/chat/completions\"}",
                     $"inference_samples_per_request_bucket{{model=\"{TestModels.Id}\",le=\"1\"}}",
                     $"inference_queue_depth{{model=\"{TestModels.Id}\"}} 0",
                     $"inference_batch_rows{{model=\"{TestModels.Id}\"}}",
                     $"inference_tokens_generated_total{{model=\"{TestModels.Id}\"}}",
                     $"inference_model_ready{{model=\"{TestModels.Id}\"}} 1",
                 })
            Assert.Contains(expected, text);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.Matches(@"^(# (HELP|TYPE) .+|[a-z_]+(\{[^}]*\})? [-+0-9.eE]+(Inf)?)$", line));
    }

    [Fact]
    public async Task OpenAPI_document_is_valid_json_and_describes_the_extensions()
    {
        using var response = await server.Http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/v1/chat/completions", "/v1/completions", "/v1/models", "/tokenize", "/detokenize", "/apply-template", "/health/ready", "/metrics" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        foreach (var path in new[] { "/v1/chat/completions", "/v1/completions" })
        {
            var ok = paths.GetProperty(path).GetProperty("post").GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.True(ok.TryGetProperty("application/json", out _), path);
            Assert.True(ok.TryGetProperty("text/event-stream", out _), path);
        }
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("TestTimeScalingReport", out _));
        var chat = schemas.GetProperty("ChatCompletionRequest").GetProperty("properties");
        foreach (var field in new[] { "top_k", "min_p", "repetition_penalty", "test_time_scaling", "messages", "max_completion_tokens" })
            Assert.True(chat.TryGetProperty(field, out _), field);
        var tts = schemas.GetProperty("TestTimeScalingRequest").GetProperty("properties");
        foreach (var field in new[] { "strategy", "samples", "k", "alpha", "answer", "verifiers", "temperature_schedule", "early_stop", "return_candidates" })
            Assert.True(tts.TryGetProperty(field, out _), field);
        Assert.Contains("test_time_scaling", root.GetProperty("info").GetProperty("description").GetString());
        Assert.Contains("Extension", root.GetRawText()); // XML doc comments become descriptions
    }

    [Fact]
    public async Task Request_ids_are_echoed_or_generated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health/live");
        request.Headers.Add("X-Request-Id", "trace-42");
        using var echoed = await server.Http.SendAsync(request);
        Assert.Equal("trace-42", echoed.Headers.GetValues("X-Request-Id").Single());
        using var generated = await server.Http.GetAsync("health/live");
        Assert.StartsWith("req-", generated.Headers.GetValues("X-Request-Id").Single());
    }
}
