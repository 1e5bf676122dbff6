using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Generation;
using Inference.Protocol;
using Inference.Testing;

namespace Inference.Client.Tests;

/// <summary>
/// One corpus of requests sent three ways: as raw JSON to a real server process, through the HTTP client (the same
/// body read into the wire types, sent, and the typed response read back), and through the embedded client in this
/// process (the same wire request). For the same request and seed all three must give the same result: the same texts,
/// finish reasons and token counts, the same log-probabilities, and with test-time scaling the same votes, the same
/// chosen samples and the same number of samples drawn. Every request is seeded or greedy, so a difference is a
/// difference in how the request was understood (defaults, validation, mapping), not chance.
/// </summary>
public sealed class CorpusParityTests(BundledServerProcess server) : IClassFixture<BundledServerProcess>, IAsyncLifetime
{
    private const string Chat = "v1/chat/completions";
    private const string Completions = "v1/completions";

    private static string ChatBody(string fields, string question = "Compute 1-1-9*4.") =>
        $$"""{"model":"arith-lm","messages":[{"role":"user","content":"{{question}}"}],{{fields}}}""";

    private static string CompletionBody(string fields, string prompt = "Compute 2+3*4.") => $$"""{"model":"arith-lm","prompt":"{{prompt}}",{{fields}}}""";

    private const string Tts = "\"test_time_scaling\":";

    public static readonly IReadOnlyDictionary<string, (string Path, string Body)> Corpus = new Dictionary<string, (string, string)>
    {
        ["chat greedy"] = (Chat, ChatBody("\"temperature\":0,\"max_tokens\":40")),
        ["chat seeded, every default"] = (Chat, ChatBody("\"seed\":1")),
        ["chat n"] = (Chat, ChatBody("\"seed\":3,\"n\":3,\"max_tokens\":40", "Compute 7*8-5.")),
        ["chat stop"] = (Chat, ChatBody("\"seed\":2,\"stop\":[\"=\"],\"max_tokens\":40")),
        ["chat logprobs"] = (Chat, ChatBody("\"seed\":4,\"logprobs\":true,\"top_logprobs\":2,\"max_tokens\":20")),
        ["chat penalties and truncation"] = (Chat, ChatBody("\"seed\":14,\"temperature\":1.3,\"top_p\":0.9,\"top_k\":20,\"min_p\":0.05,\"repetition_penalty\":1.1,\"presence_penalty\":0.3,\"logit_bias\":{\"5\":2}")),
        ["majority"] = (Chat, ChatBody("\"seed\":1," + Tts + "{\"strategy\":\"majority\",\"samples\":16}")),
        ["best_of_n with the reward model"] = (Chat, ChatBody("\"seed\":5," + Tts + "{\"strategy\":\"Best_Of_N\",\"samples\":8}")),
        ["best_of_majority"] = (Chat, ChatBody("\"seed\":6," + Tts + "{\"strategy\":\"bom\",\"samples\":8,\"alpha\":0.1}")),
        ["reward-weighted majority"] = (Chat, ChatBody("\"seed\":7," + Tts + "{\"strategy\":\"wmaj\",\"samples\":8,\"return_candidates\":true}")),
        ["verifier strategy over reward verdicts"] = (Chat, ChatBody("\"seed\":12," + Tts + "{\"strategy\":\"verifier\",\"samples\":6,\"verifiers\":[{\"type\":\"reward_model\",\"accept_threshold\":0.5}]}")),
        ["k two"] = (Chat, ChatBody("\"seed\":13,\"n\":2," + Tts + "{\"strategy\":\"majority\",\"samples\":8}", "Compute 7*8-5.")),
        ["early stop beta"] = (Chat, ChatBody("\"seed\":8," + Tts + "{\"strategy\":\"majority\",\"samples\":16,\"early_stop\":{\"rule\":\"beta\",\"threshold\":0.9,\"wave_size\":4}}")),
        ["best_of_n with early rejection"] = (Chat, ChatBody("\"seed\":15," + Tts + "{\"strategy\":\"best_of_n\",\"samples\":16,\"early_rejection\":{\"checkpoints\":[8],\"keep\":0.25}}")),
        ["weighted majority with early rejection at a fraction of max_tokens"] = (Chat, ChatBody("\"seed\":16,\"max_tokens\":48," + Tts + "{\"strategy\":\"weighted_majority\",\"samples\":12,\"early_rejection\":{\"checkpoints\":[0.125,0.25],\"keep\":0.5}}")),
        // Hot, so that no two survivors share a text: identical texts tie on reward and are told apart by mean log-prob, whose
        // last digits vary with which rows shared the batch (refills join and rejected rows leave at steps timing decides).
        ["best_of_n with early rejection and refill"] = (Chat, ChatBody("\"seed\":17,\"max_tokens\":32,\"temperature\":1.6," + Tts + "{\"strategy\":\"best_of_n\",\"samples\":8,\"early_rejection\":{\"checkpoints\":[8],\"keep\":0.25,\"refill\":true,\"max_total_tokens\":640}}")),
        ["early stop esc"] = (Chat, ChatBody("\"seed\":9," + Tts + "{\"samples\":12,\"early_stop\":{\"rule\":\"esc\",\"window\":3}}")),
        ["ead schedule"] = (Chat, ChatBody("\"seed\":10," + Tts + "{\"samples\":6,\"temperature_schedule\":{\"type\":\"ead\",\"max_temperature\":1.4,\"min_temperature\":0.2,\"decay\":2,\"warmup_tokens\":2}}")),
        ["linear schedule, self-certainty"] = (Chat, ChatBody("\"seed\":11," + Tts + "{\"strategy\":\"self_certainty\",\"samples\":4,\"temperature_schedule\":{\"type\":\"linear\",\"start\":1.2,\"end\":0.3,\"tokens\":20}}")),
        ["completion seeded"] = (Completions, CompletionBody("\"seed\":1,\"max_tokens\":30")),
        ["completion default max_tokens"] = (Completions, CompletionBody("\"seed\":2")),
        ["completion n with logprobs"] = (Completions, CompletionBody("\"seed\":3,\"n\":2,\"logprobs\":2,\"max_tokens\":10")),
        ["completion best_of"] = (Completions, CompletionBody("\"seed\":4,\"best_of\":3,\"max_tokens\":20")),
        ["completion majority"] = (Completions, CompletionBody("\"seed\":5,\"max_tokens\":40," + Tts + "{\"strategy\":\"majority\",\"samples\":8,\"answer\":\"last_number\"}")),
    };

    public static TheoryData<string> Names() => new(Corpus.Keys);

    private EmbeddedInferenceClient embedded = null!;
    private InferenceHttpClient http = null!;

    public Task InitializeAsync()
    {
        embedded = EmbeddedInferenceClient.Load(new EmbeddedClientOptions
        {
            ModelPath = Repository.BundledModel, RewardModelPath = Path.Combine(Repository.Root, "models", "arith-reward"), Threads = 1,
        });
        http = new InferenceHttpClient(new InferenceHttpClientOptions { BaseAddress = server.BaseAddress });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await embedded.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_server_the_http_client_and_the_embedded_client_give_the_same_result(string name)
    {
        var (path, body) = Corpus[name];
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        using var reply = await raw.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, text);
        var wire = Outcome.FromWire(JsonNode.Parse(text)!);

        Outcome viaHttp, viaEmbedded;
        if (path == Chat)
        {
            viaHttp = Outcome.FromWire(Node(await http.CreateChatCompletionAsync(Read(body, ProtocolJsonContext.Default.ChatCompletionRequest)),
                ProtocolJsonContext.Default.ChatCompletionResponse));
            viaEmbedded = Outcome.From(await embedded.CreateChatCompletionAsync(Read(body, ProtocolJsonContext.Default.ChatCompletionRequest)));
        }
        else
        {
            viaHttp = Outcome.FromWire(Node(await http.CreateCompletionAsync(Read(body, ProtocolJsonContext.Default.CompletionRequest)),
                ProtocolJsonContext.Default.CompletionResponse));
            viaEmbedded = Outcome.From(await embedded.CreateCompletionAsync(Read(body, ProtocolJsonContext.Default.CompletionRequest)));
        }
        Outcome.AssertSame(wire, viaHttp, "the HTTP client");
        Outcome.AssertSame(wire, viaEmbedded, "the embedded client");
        Assert.Equal(JsonNode.Parse(body)!["n"]?.GetValue<int>() ?? 1, wire.Choices.Count);
        Assert.All(wire.Choices, c => Assert.True(c.Text.Length > 0, $"{name}: an empty choice proves little"));
    }

    [Theory]
    [InlineData("chat seeded, every default")]
    [InlineData("chat n")]
    [InlineData("majority")]
    [InlineData("best_of_n with early rejection")]
    public async Task Streamed_through_the_http_client_the_texts_are_the_same(string name)
    {
        var body = Corpus[name].Body;
        var whole = await http.CreateChatCompletionAsync(Read(body, ProtocolJsonContext.Default.ChatCompletionRequest));
        var texts = new SortedDictionary<int, string>();
        await foreach (var chunk in http.StreamChatCompletionAsync(Read(body, ProtocolJsonContext.Default.ChatCompletionRequest)))
            foreach (var choice in chunk.Choices)
                texts[choice.Index] = texts.GetValueOrDefault(choice.Index, "") + choice.Delta.Content;
        Assert.Equal(whole.Choices.Select(c => c.Message.Content), texts.Values);
    }

    private static T Read<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(body, type)!;

    private static JsonNode Node<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, type))!;

    [Fact]
    public async Task A_budget_across_prompts_gives_the_same_allocation_votes_and_answers()
    {
        const string body = """{"model":"arith-lm","prompt":["Compute 4-4-8.","Compute 7*3-8+2.","Compute 9*8-7*6.","Compute 2+3."],"seed":21,"max_tokens":48,"test_time_scaling":{"strategy":"majority","budget":24,"answer":"last_number"}}""";
        using var raw = new HttpClient { BaseAddress = server.BaseAddress };
        using var reply = await raw.PostAsync(Completions, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, text);
        var wire = JsonNode.Parse(text)!;
        var viaHttp = Node(await http.CreateCompletionAsync(Read(body, ProtocolJsonContext.Default.CompletionRequest)), ProtocolJsonContext.Default.CompletionResponse);
        var viaEmbedded = await embedded.CreateCompletionsAsync(Read(body, ProtocolJsonContext.Default.CompletionRequest));

        string Describe(JsonNode response) => string.Join("\n", response["test_time_scaling"]!.AsArray().Select((r, p) =>
            $"{response["choices"]![p]!["text"]!.GetValue<string>()} | {r!["samples_used"]} | " +
            string.Join(", ", r["answers"]!.AsArray().Select(a => $"{a!["answer"]!.GetValue<string>()}×{a["votes"]}")) + $" | {r["budget"]!["used"]}"));
        var embeddedText = string.Join("\n", viaEmbedded.Select(c => $"{c.Choices[0].Text} | {c.Cost!.Samples} | " +
            string.Join(", ", c.Explanation!.Answers.Select(a => $"{a.Answer}×{a.Votes}")) + $" | {c.Budget!.Used}"));
        Assert.Equal(Describe(wire), Describe(viaHttp));
        Assert.Equal(Describe(wire), embeddedText);
        var used = wire["test_time_scaling"]!.AsArray().Sum(r => r!["samples_used"]!.GetValue<int>());
        Assert.InRange(used, 4, 24);
        Assert.Equal(wire["usage"]!["completion_tokens"]!.GetValue<int>(), viaEmbedded.Sum(c => c.CompletionTokens));
    }

    /// <summary>What the three must agree on. Log-probabilities are compared apart: the API leaves out the final stop
    /// token's, the embedded client reports every sampled token's. With early rejection, the tokens compared are the
    /// kept samples' (a rejected row runs on until the decode step after the decision, which timing decides), and the
    /// checkpoints' decisions are compared too.</summary>
    private sealed record Outcome(IReadOnlyList<Choice> Choices, int CompletionTokens, Selection? Scaling, string? Rejection = null)
    {
        public static Outcome FromWire(JsonNode response)
        {
            var choices = response["choices"]!.AsArray().Select(c => new Choice(
                (c!["message"]?["content"] ?? c["text"])!.GetValue<string>(),
                c["finish_reason"]!.GetValue<string>(),
                c["logprobs"] is JsonObject lp
                    ? (lp["content"] is JsonArray content ? content.Select(t => t!["logprob"]!.GetValue<double>()) : lp["token_logprobs"]!.AsArray().Select(v => v!.GetValue<double>())).ToList()
                    : null)).ToList();
            var report = response["test_time_scaling"] is JsonArray reports ? Assert.Single(reports) : response["test_time_scaling"];
            var rejection = report?["early_rejection"];
            return new Outcome(choices, response["usage"]!["completion_tokens"]!.GetValue<int>() - (rejection?["rejected_tokens"]!.GetValue<int>() ?? 0),
                report is null ? null : new Selection(
                report["strategy"]!.GetValue<string>(), report["samples_used"]!.GetValue<int>(),
                report["answers"]!.AsArray().Select(a => $"{a!["answer"]!.GetValue<string>()}×{a["votes"]!.GetValue<int>()}").ToList(),
                report["chosen"]!.AsArray().Select(c => c!["candidate"]!.GetValue<int>()).ToList()),
                rejection is null ? null : $"{rejection["started"]}/{rejection["finished"]}: " + string.Join("; ", rejection["checkpoints"]!.AsArray()
                    .Select(c => $"{c!["tokens"]} {c["scored"]} {c["kept"]} {c["rejected"]} {c["refills_scored"]?.GetValue<int>() ?? 0} {c["refills_rejected"]?.GetValue<int>() ?? 0}"))
                    + (rejection["refill"] is { } refill ? $"; refilled {refill["refilled"]} of {refill["seats"]} seats" : ""));
        }

        public static Outcome From(InferenceCompletion completion) => new(
            completion.Choices.Select(c => new Choice(c.Text, c.FinishReason == FinishReason.Length ? "length" : "stop", c.TokenLogprobs?.Select(v => (double)v).ToList())).ToList(),
            completion.CompletionTokens - (completion.EarlyRejection?.RejectedTokens ?? 0),
            completion.Explanation is { } e
                ? new Selection(e.Strategy, completion.Cost!.Samples, e.Answers.Select(a => $"{a.Answer}×{a.Votes}").ToList(), completion.Choices.Select(c => c.SampleIndex).ToList())
                : null,
            completion.EarlyRejection is { } r
                ? $"{r.Started}/{r.Finished}: " + string.Join("; ", r.Checkpoints.Select(c => $"{c.Tokens} {c.Scored} {c.Kept} {c.Rejected} {c.RefillsScored} {c.RefillsRejected}"))
                  + (r.Refill is { } refill ? $"; refilled {refill.Refilled} of {refill.Seats} seats" : "")
                : null);

        public static void AssertSame(Outcome expected, Outcome actual, string who)
        {
            var show = $"server: {Describe(expected)}\n{who}: {Describe(actual)}";
            Assert.True(expected.CompletionTokens == actual.CompletionTokens, show);
            Assert.True(expected.Choices.Select(c => (c.Text, c.FinishReason)).SequenceEqual(actual.Choices.Select(c => (c.Text, c.FinishReason))), show);
            Assert.True(expected.Scaling is null == actual.Scaling is null, show);
            Assert.True(expected.Rejection == actual.Rejection, $"early rejection: {expected.Rejection} vs {actual.Rejection}\n{show}");
            if (expected.Scaling is { } s)
            {
                Assert.True(s.Strategy == actual.Scaling!.Strategy && s.SamplesUsed == actual.Scaling.SamplesUsed, show);
                Assert.True(s.Votes.SequenceEqual(actual.Scaling.Votes) && s.Chosen.SequenceEqual(actual.Scaling.Chosen), show);
            }
            foreach (var (e, a) in expected.Choices.Zip(actual.Choices))
            {
                Assert.True(e.Logprobs is null == a.Logprobs is null, $"logprobs reported by one and not the other\n{show}");
                if (e.Logprobs is null) continue;
                // The same values, token for token; the one that counts the final stop token has one more.
                var common = Math.Min(e.Logprobs.Count, a.Logprobs!.Count);
                Assert.True(Math.Abs(e.Logprobs.Count - a.Logprobs.Count) <= 1 && common > 0, show);
                Assert.Equal(e.Logprobs.Take(common), a.Logprobs.Take(common));
            }
        }

        private static string Describe(Outcome o) => JsonSerializer.Serialize(new
        {
            tokens = o.CompletionTokens,
            choices = o.Choices.Select(c => new { c.Text, c.FinishReason }),
            scaling = o.Scaling is { } s ? new { s.Strategy, s.SamplesUsed, votes = string.Join(", ", s.Votes), chosen = string.Join(", ", s.Chosen) } : null,
        });
    }

    private sealed record Choice(string Text, string FinishReason, IReadOnlyList<double>? Logprobs);

    private sealed record Selection(string Strategy, int SamplesUsed, IReadOnlyList<string> Votes, IReadOnlyList<int> Chosen);
}
