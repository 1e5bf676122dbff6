using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// Three replicas of the server and a gateway, each its own process on loopback (the bundled arith-lm), the gateway
/// drawing every sample on the replicas (ScaleOut:LocalSamples=false) and selecting itself: one request's samples
/// are spread over the three and are the samples a single replica draws with the same seed; a replica killed while
/// its chunk is in flight costs no sample; with every replica gone the answer is a 503 naming why. A second gateway
/// loads no model at all (Models:Remote): it selects over the replicas' samples with the same result, forwards plain
/// requests, ranks with its own reward model and refuses by name what would need a tokenizer.
/// </summary>
public sealed class ScaleOutTests
{
    private const string Request = """
        {"model": "arith-lm:majority@48", "messages": [{"role": "user", "content": "Compute 1-1-9*4."}], "seed": 1,
         "test_time_scaling": {"return_candidates": true}}
        """;

    [Fact]
    public async Task Samples_spread_over_three_replicas_match_one_replica_survive_a_killed_one_and_fail_clearly_when_all_are_gone()
    {
        // Replica 0 keeps the bundled reward model: it is the single-node reference for Best-of-N too.
        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => i == 0 ? ServerProcess.StartAsync() : ServerProcess.StartAsync("--reward-model", "none")));
        try
        {
            string[] backend = [.. replicas.SelectMany((r, i) => (string[])[$"--Backends:replicas:Endpoints:{i}={r.BaseAddress}"]),
                "--Backends:replicas:Kind=inference", "--ScaleOut:LocalSamples=false", "--ScaleOut:ModelsCacheSeconds=0"];
            await using var gateway = await ServerProcess.StartAsync([.. backend, "--reward-model", "none"]);
            await using var remoteOnly = await ServerProcess.StartAsync([.. backend, "--remote-model", "arith-lm", "--reward-model", "arith-lm=models/arith-reward"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };

            // The gateway's /v1/models says which backend endpoint serves the model (each asked for its own /v1/models).
            var listed = await ListedBackendsAsync(http, gateway);
            Assert.True(listed.Ready);
            Assert.Equal(replicas.Select(r => $"replicas@{r.BaseAddress.Authority} arith-lm True ").Order(), listed.Backends.Order());

            // One replica alone is the single-node reference.
            var single = await PostAsync(http, replicas[0].BaseAddress, Request);
            var spread = await PostAsync(http, gateway.BaseAddress, Request);
            var report = spread["test_time_scaling"]!;
            Assert.Null(single["test_time_scaling"]!["sources"]);
            var sources = report["sources"]!.AsArray();
            Assert.Equal(replicas.Select(r => $"replicas@{r.BaseAddress.Authority}").Order(), sources.Select(s => (string)s!["source"]!).Order());
            Assert.All(sources, s => Assert.Equal(16, (int)s!["samples"]!));
            Assert.All(sources, s => Assert.Null(s!["without_logprobs"]));
            Assert.Equal(48, (int)report["samples_used"]!);
            Assert.Null(report["shortfall"]);
            AssertSameSamplesAndSelection(single, spread);

            // A temperature schedule reaches replicas of this server (Kind inference): the same annealed samples as one node.
            const string annealed = """
                {"model": "arith-lm", "messages": [{"role": "user", "content": "Compute 8-2*3."}], "seed": 3,
                 "test_time_scaling": {"strategy": "majority", "samples": 24, "return_candidates": true,
                                       "temperature_schedule": {"type": "ead", "max_temperature": 2.0, "min_temperature": 0.3}}}
                """;
            AssertSameSamplesAndSelection(await PostAsync(http, replicas[0].BaseAddress, annealed), await PostAsync(http, gateway.BaseAddress, annealed));

            // A forced tool call: each replica decodes its chunk under the call's schema and answers with tool_calls (content
            // null), which the gateway turns back into the call document: the same votes over canonical calls, the same
            // tokens and the same call returned as one node's. (The candidates' text is the gateway's spelling of the call.)
            const string tool = """
                {"model": "arith-lm", "messages": [{"role": "user", "content": "Weather?"}], "seed": 4, "temperature": 1.0, "max_tokens": 64,
                 "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object",
                            "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}}, "required": ["city", "unit"], "additionalProperties": false}}}],
                 "tool_choice": "required", "test_time_scaling": {"strategy": "majority", "samples": 24, "return_candidates": true}}
                """;
            var toolSingle = await PostAsync(http, replicas[0].BaseAddress, tool);
            var toolSpread = await PostAsync(http, gateway.BaseAddress, tool);
            AssertSameSamplesAndSelection(toolSingle, toolSpread, compareText: false);
            Assert.Equal(24, (int)toolSpread["test_time_scaling"]!["samples_used"]!);
            Assert.True((int)toolSingle["test_time_scaling"]!["unanswered"]! < 24, "some forced call parsed on the single replica");
            var (singleCall, spreadCall) = (toolSingle["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!, toolSpread["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!);
            Assert.Equal((string)singleCall["name"]!, (string)spreadCall["name"]!);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse((string)singleCall["arguments"]!), JsonNode.Parse((string)spreadCall["arguments"]!)));

            // Streamed, the progress comments say which replica delivered what; the last one has all 48.
            using var streamed = await http.PostAsync(new Uri(gateway.BaseAddress, "v1/chat/completions"),
                Json(Request.Replace("\"seed\": 1", "\"seed\": 1, \"stream\": true")));
            var progress = (await streamed.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith(": progress stage=sampling", StringComparison.Ordinal)).ToList();
            Assert.Equal(replicas.Select(r => $"replicas@{r.BaseAddress.Authority}=16").Order(StringComparer.Ordinal),
                progress[^1].Split(' ').Single(p => p.StartsWith("sources=", StringComparison.Ordinal))["sources=".Length..].Split(',').Order(StringComparer.Ordinal));
            Assert.Contains("samples=48/48", progress[^1]);

            await GatewayWithoutLocalModelAsync(http, remoteOnly, replicas, single);

            // Plain requests through the gateway are forwarded to a replica (YARP), streamed or not; its own engine stays idle.
            const string plain = """{"model": "arith-lm", "messages": [{"role": "user", "content": "Compute 2+3*4."}], "seed": 7, "n": 2}""";
            var tokensBefore = await MetricAsync(http, gateway, "inference_tokens_generated_total");
            var direct = await PostAsync(http, replicas[2].BaseAddress, plain);
            var forwarded = await PostAsync(http, gateway.BaseAddress, plain);
            Assert.Equal(direct["choices"]!.AsArray().Select(c => (string)c!["message"]!["content"]!), forwarded["choices"]!.AsArray().Select(c => (string)c!["message"]!["content"]!));
            using var stream = await http.PostAsync(new Uri(gateway.BaseAddress, "v1/chat/completions"), Json(plain.Replace("\"n\": 2", "\"stream\": true")));
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("data: [DONE]", (await stream.Content.ReadAsStringAsync()).TrimEnd());
            Assert.Equal(tokensBefore, await MetricAsync(http, gateway, "inference_tokens_generated_total"));

            // A replica dies with its chunk in flight: frozen first (the gateway's chunk request to it hangs), killed once
            // the other replicas are decoding theirs. Its chunk is redrawn whole elsewhere, with the same seeds.
            // A surviving replica's token counter (monotonic) shows its chunk ran: its rows gauge can rise and fall between
            // two scrapes of a loaded machine.
            var survivorTokens = await MetricAsync(http, replicas[0], "inference_tokens_generated_total");
            replicas[1].Pause();
            var pending = PostAsync(http, gateway.BaseAddress, Request);
            await Eventually.TrueAsync(async () => await MetricAsync(http, replicas[0], "inference_tokens_generated_total") > survivorTokens || pending.IsCompleted,
                "a surviving replica decoding its chunk");
            await replicas[1].KillAsync();
            var survived = await pending;
            var after = survived["test_time_scaling"]!;
            Assert.Equal(48, (int)after["samples_used"]!);
            Assert.Null(after["shortfall"]);
            var killed = after["sources"]!.AsArray().Single(s => (string)s!["source"]! == $"replicas@{replicas[1].BaseAddress.Authority}")!;
            Assert.Equal(0, (int)killed["samples"]!);
            Assert.Equal(1, (int)killed["failed"]!);
            Assert.Equal(48, after["sources"]!.AsArray().Sum(s => (int)s!["samples"]!));
            AssertSameSamplesAndSelection(single, survived);
            listed = await ListedBackendsAsync(http, gateway);
            Assert.True(listed.Ready);
            Assert.Contains(listed.Backends, b => b.StartsWith($"replicas@{replicas[1].BaseAddress.Authority} arith-lm False ", StringComparison.Ordinal) && !b.EndsWith(" False ", StringComparison.Ordinal));

            // Every replica gone: a 503 that says why, at once.
            await replicas[0].KillAsync();
            await replicas[2].KillAsync();
            using var down = await http.PostAsync(new Uri(gateway.BaseAddress, "v1/chat/completions"), Json(Request));
            var error = JsonNode.Parse(await down.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("backends_unavailable", (string)error["code"]!);
            Assert.StartsWith("48 of 48 samples were not drawn: samples 0-15 failed on every member of the pool", (string)error["message"]!);
            // Streamed too: nothing is written before a chunk arrived, so the failure is still a status, not a broken stream.
            using var downStream = await http.PostAsync(new Uri(gateway.BaseAddress, "v1/chat/completions"), Json(Request.Replace("\"seed\": 1", "\"seed\": 1, \"stream\": true")));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, downStream.StatusCode);
            Assert.Equal("backends_unavailable", (string)JsonNode.Parse(await downStream.Content.ReadAsStringAsync())!["error"]!["code"]!);
            // Listing still answers, with no backend serving the model: not ready.
            listed = await ListedBackendsAsync(http, gateway);
            Assert.False(listed.Ready);
            Assert.All(listed.Backends, b => Assert.Contains(" False ", b));
            using var remoteDown = await http.PostAsync(new Uri(remoteOnly.BaseAddress, "v1/chat/completions"), Json(Request));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, remoteDown.StatusCode);
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }

    /// <summary>
    /// The gateway that loads no model (Models:Remote): same samples, votes, answer and usage as one replica; its own
    /// reward model ranks the replicas' samples for Best-of-N as the replica ranks its own; plain chat and completion
    /// requests are forwarded; what needs this server's tokenizer is a 400 naming the parameter.
    /// </summary>
    private static async Task GatewayWithoutLocalModelAsync(HttpClient http, ServerProcess remoteOnly, ServerProcess[] replicas, JsonNode single)
    {
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri(remoteOnly.BaseAddress, "health/ready")))!;
        Assert.Equal("backends", (string?)health["models"]![0]!["device"]);
        var card = JsonNode.Parse(await http.GetStringAsync(new Uri(remoteOnly.BaseAddress, "v1/models")))!["data"]![0]!;
        Assert.Equal(("arith-lm", "backends", true, "arith-reward"), ((string)card["id"]!, (string)card["device"]!, (bool)card["ready"]!, (string?)card["reward_model"]));
        Assert.Equal(3, card["backends"]!.AsArray().Count(b => (bool)b!["serves"]! && (int?)b["context_length"] == 256));
        // The context length is the one the replicas list (the gateway has no model to read it from).
        Assert.Equal((256, 256), ((int)card["context_length"]!, (int)card["max_model_len"]!));

        var spread = await PostAsync(http, remoteOnly.BaseAddress, Request);
        AssertSameSamplesAndSelection(single, spread);
        Assert.Equal(48, (int)spread["test_time_scaling"]!["samples_used"]!);
        Assert.Equal((int)single["usage"]!["prompt_tokens"]!, (int)spread["usage"]!["prompt_tokens"]!);

        // Best-of-N: the replica scores its own samples, the gateway the same samples drawn on the three replicas.
        const string bestOf = """
            {"model": "arith-lm:best_of_n@16", "messages": [{"role": "user", "content": "Compute 7*3-5."}], "seed": 5,
             "test_time_scaling": {"return_candidates": true}}
            """;
        var reference = await PostAsync(http, replicas[0].BaseAddress, bestOf);
        var ranked = await PostAsync(http, remoteOnly.BaseAddress, bestOf);
        static IEnumerable<string> Rewards(JsonNode r) => r["test_time_scaling"]!["candidates"]!.AsArray()
            .Select(c => $"{(int)c!["index"]!} {(string)c["text"]!} {(double)c["reward"]!:F4}");
        Assert.Equal(Rewards(reference), Rewards(ranked));
        Assert.Equal((string)reference["choices"]![0]!["message"]!["content"]!, (string)ranked["choices"]![0]!["message"]!["content"]!);

        // Early stopping draws in waves, each spread over the replicas with the seeds a single node uses.
        const string waves = """
            {"model": "arith-lm", "messages": [{"role": "user", "content": "Compute 6+2*7."}], "seed": 9,
             "test_time_scaling": {"strategy": "majority", "samples": 48, "return_candidates": true, "early_stop": {"rule": "beta", "wave_size": 8}}}
            """;
        var singleWaves = await PostAsync(http, replicas[0].BaseAddress, waves);
        var spreadWaves = await PostAsync(http, remoteOnly.BaseAddress, waves);
        AssertSameSamplesAndSelection(singleWaves, spreadWaves);
        Assert.Equal((int)singleWaves["test_time_scaling"]!["waves"]!, (int)spreadWaves["test_time_scaling"]!["waves"]!);
        Assert.True((int)spreadWaves["test_time_scaling"]!["waves"]! > 1);

        // Streamed: progress per replica, then the answer and usage.
        using var streamed = await http.PostAsync(new Uri(remoteOnly.BaseAddress, "v1/chat/completions"),
            Json(Request.Replace("\"seed\": 1", "\"seed\": 1, \"stream\": true, \"stream_options\": {\"include_usage\": true}")));
        var events = await streamed.Content.ReadAsStringAsync();
        Assert.True(streamed.IsSuccessStatusCode, events);
        Assert.Contains("samples=48/48", events);
        Assert.Contains($"\"prompt_tokens\":{(int)single["usage"]!["prompt_tokens"]!}", events);

        // Plain requests go to a replica whole, chat and legacy completions alike.
        const string plain = """{"model": "arith-lm", "messages": [{"role": "user", "content": "Compute 9-4*2."}], "seed": 11, "n": 2, "logprobs": true}""";
        var direct = await PostAsync(http, replicas[0].BaseAddress, plain);
        var forwarded = await PostAsync(http, remoteOnly.BaseAddress, plain);
        Assert.Equal(direct["choices"]!.ToJsonString(), forwarded["choices"]!.ToJsonString());
        const string completion = """{"model": "arith-lm", "prompt": "3+4=", "max_tokens": 4, "temperature": 0}""";
        using var completed = await http.PostAsync(new Uri(remoteOnly.BaseAddress, "v1/completions"), Json(completion));
        using var completedDirect = await http.PostAsync(new Uri(replicas[0].BaseAddress, "v1/completions"), Json(completion));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal((string)JsonNode.Parse(await completedDirect.Content.ReadAsStringAsync())!["choices"]![0]!["text"]!,
            (string)JsonNode.Parse(await completed.Content.ReadAsStringAsync())!["choices"]![0]!["text"]!);

        // What needs a tokenizer here is refused by name.
        await AssertBadRequestAsync(http, remoteOnly, "tokenize", """{"model": "arith-lm", "prompt": "1+1="}""", "model");
        await AssertBadRequestAsync(http, remoteOnly, "v1/completions", """{"model": "arith-lm:majority@4", "prompt": "1+1="}""", "model");
        await AssertBadRequestAsync(http, remoteOnly, "v1/completions",
            """{"model": "arith-lm", "prompt": "1+1=", "test_time_scaling": {"strategy": "majority", "samples": 4}}""", "test_time_scaling");
        await AssertBadRequestAsync(http, remoteOnly, "v1/chat/completions", Request.Replace("\"seed\": 1", "\"seed\": 1, \"logprobs\": true"), "logprobs");
        // The prompt's length is the backends' to check (the gateway has no tokenizer): their 400 is the client's.
        await AssertBadRequestAsync(http, remoteOnly, "v1/chat/completions", Request.Replace("\"seed\": 1", "\"seed\": 1, \"max_tokens\": 300"), "messages");

        // One log line per request, as on any server: the chunk requests to the backends are not logged one by one.
        Assert.DoesNotContain(remoteOnly.Output, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(remoteOnly.Output, l => l.Contains("POST /v1/chat/completions -> 200", StringComparison.Ordinal));
    }

    private static async Task AssertBadRequestAsync(HttpClient http, ServerProcess server, string path, string body, string param)
    {
        using var response = await http.PostAsync(new Uri(server.BaseAddress, path), Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Equal(param, (string?)JsonNode.Parse(text)!["error"]!["param"]);
    }

    /// <summary>Same candidates in the same order (text unless told not to, answer, tokens), same votes per answer, same
    /// chosen answer.</summary>
    private static void AssertSameSamplesAndSelection(JsonNode single, JsonNode spread, bool compareText = true)
    {
        IEnumerable<string> Candidates(JsonNode r) => r["test_time_scaling"]!["candidates"]!.AsArray()
            .Select(c => $"{(int)c!["index"]!} {(compareText ? (string)c["text"]! : "")} | {(string?)c["answer"]} | {(int)c["tokens"]!} | {(string)c["finish_reason"]!}");
        static IEnumerable<string> Votes(JsonNode r) => r["test_time_scaling"]!["answers"]!.AsArray().Select(a => $"{(string)a!["answer"]!}:{(int)a["votes"]!}");
        Assert.Equal(Candidates(single), Candidates(spread));
        Assert.Equal(Votes(single), Votes(spread));
        Assert.Equal((string?)single["test_time_scaling"]!["chosen"]![0]!["answer"], (string?)spread["test_time_scaling"]!["chosen"]![0]!["answer"]);
        Assert.Equal((int)single["usage"]!["completion_tokens"]!, (int)spread["usage"]!["completion_tokens"]!);
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, Uri server, string body)
    {
        using var response = await http.PostAsync(new Uri(server, "v1/chat/completions"), Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The gateway's card of arith-lm: ready, and each backend endpoint as "source model serves error".</summary>
    private static async Task<(bool Ready, List<string> Backends)> ListedBackendsAsync(HttpClient http, ServerProcess gateway)
    {
        var card = JsonNode.Parse(await http.GetStringAsync(new Uri(gateway.BaseAddress, "v1/models")))!["data"]!.AsArray().Single(m => (string)m!["id"]! == "arith-lm")!;
        return ((bool)card["ready"]!, card["backends"]!.AsArray().Select(b => $"{(string)b!["source"]!} {(string)b["model"]!} {(bool)b["serves"]!} {(string?)b["error"]}").ToList());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");


    private static async Task<double> MetricAsync(HttpClient http, ServerProcess server, string name)
    {
        var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "metrics"));
        var line = metrics.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
