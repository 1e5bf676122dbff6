using System.Net;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>The test_time_scaling extension end to end: strategies, verifiers (incl. a failing external one),
/// early stopping, temperature schedules, candidates, and the explanation in the response.</summary>
public sealed class TestTimeScalingTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private async Task<JsonNode> Chat(string tts, string extra = "", int maxTokens = 3)
    {
        var body = Api.Chat((extra.Length > 0 ? extra + "," : "") + "\"test_time_scaling\":" + tts).Replace("\"max_tokens\":4", $"\"max_tokens\":{maxTokens}");
        var reply = await server.Http.PostAsync("v1/chat/completions", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return reply.Json!;
    }

    private static JsonNode Report(JsonNode json) => json["test_time_scaling"]!;

    [Fact]
    public async Task Majority_explains_votes_and_returns_the_most_voted_answer()
    {
        var json = await Chat("""{"strategy":"majority","samples":8,"answer":"last_number","return_candidates":true}""", "\"seed\":21", 4);
        var report = Report(json);
        Assert.Equal("majority", report["strategy"]!.GetValue<string>());
        Assert.Equal(8, report["samples_requested"]!.GetValue<int>());
        Assert.Equal(8, report["samples_used"]!.GetValue<int>());
        var answers = report["answers"]!.AsArray();
        Assert.Equal(8 - report["unanswered"]!.GetValue<int>(), answers.Sum(a => a!["votes"]!.GetValue<int>()));
        var candidates = report["candidates"]!.AsArray();
        Assert.Equal(8, candidates.Count);
        // Seeded: these samples do carry numbers, so the vote below is always checked.
        Assert.NotEmpty(answers);
        var top = answers.Max(a => a!["votes"]!.GetValue<int>());
        var chosen = answers.Single(a => a!["chosen"]!.GetValue<bool>())!;
        Assert.Equal(top, chosen["votes"]!.GetValue<int>());
        var candidate = report["chosen"]![0]!["candidate"]!.GetValue<int>();
        Assert.Equal(candidates[candidate]!["text"]!.GetValue<string>(), json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        var totalTokens = candidates.Sum(c => c!["tokens"]!.GetValue<int>());
        Assert.Equal(totalTokens, json["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.True(report["timings"]!["total_ms"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task K_two_returns_two_choices_with_distinct_answers()
    {
        var json = await Chat("""{"strategy":"majority","samples":6,"answer":"whole_text"}""", "\"n\":2,\"temperature\":2,\"ignore_eos\":true", 12);
        var choices = json["choices"]!.AsArray();
        Assert.Equal(2, choices.Count);
        Assert.NotEqual(choices[0]!["message"]!["content"]!.GetValue<string>(), choices[1]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal([0, 1], Report(json)["chosen"]!.AsArray().Select(c => c!["choice_index"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("""{"strategy":"Self-Certainty","samples":4}""", "self_certainty", "mean log-prob")]
    [InlineData("""{"strategy":"wmaj","weight":"mean_logprob","samples":4,"answer":"whole_text"}""", "weighted_majority", "summed exp(mean log-prob)")]
    [InlineData("""{"strategy":"NONE","samples":3}""", "none", "pool order")]
    public async Task Other_strategies_run_and_name_themselves(string tts, string strategy, string rankedBy)
    {
        var report = Report(await Chat(tts));
        Assert.Equal(strategy, report["strategy"]!.GetValue<string>());
        Assert.StartsWith(rankedBy, report["ranked_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verifier_strategy_keeps_only_candidates_the_verifiers_accept()
    {
        var a = await server.Http.TokenIdAsync("a");
        // Every row is pushed to "a", so the regex accepts all six and the verifier strategy has a full pool to vote on.
        var json = await Chat("""{"strategy":"verifier","samples":6,"answer":"whole_text","verifiers":[{"type":"regex","must_match":["^a"]}],"return_candidates":true}""",
            $"\"logit_bias\":{{\"{a}\":100}},\"ignore_eos\":true");
        var report = Report(json);
        var regex = report["verifiers"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "regex")!;
        Assert.Equal(6, regex["accepted"]!.GetValue<int>());
        Assert.All(report["candidates"]!.AsArray(), c => Assert.Equal("accepted", c!["verdicts"]!["regex"]!["status"]!.GetValue<string>()));
        Assert.Equal("aaa", json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_schema_and_reference_answer_verifiers_report_their_verdicts()
    {
        var json = await Chat("""{"strategy":"majority","samples":4,"answer":"whole_text","reference_answer":"5","verifiers":[{"type":"json_schema","schema":{"type":"object"}},"reference_answer"],"return_candidates":true}""");
        var verifiers = Report(json)["verifiers"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!);
        Assert.Equal(4, verifiers["json_schema"]["rejected"]!.GetValue<int>()); // random text is not a JSON object
        var reference = verifiers["reference_answer"];
        Assert.Equal(4, reference["accepted"]!.GetValue<int>() + reference["rejected"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_external_verifier_leaves_candidates_unverified_and_selection_still_answers()
    {
        var json = await Chat("""{"strategy":"majority","samples":3,"verifiers":["offline"],"return_candidates":true}""");
        var offline = Report(json)["verifiers"]!.AsArray().Single()!;
        Assert.Equal("offline", offline["name"]!.GetValue<string>());
        Assert.Equal(3, offline["unverified"]!.GetValue<int>());
        Assert.All(Report(json)["candidates"]!.AsArray(), c => Assert.Equal("unverified", c!["verdicts"]!["offline"]!["status"]!.GetValue<string>()));
        Assert.Single(json["choices"]!.AsArray());

        var metrics = await server.Http.GetStringAsync("metrics");
        Assert.Contains("inference_verifier_unverified_total{verifier=\"offline\"}", metrics);
        Assert.Contains("inference_selection_total{strategy=\"majority\"}", metrics);
    }

    [Theory]
    [InlineData("""{"rule":"esc","window":2}""", "window", 2)]
    [InlineData("""{"rule":"beta","wave_size":5}""", "beta", 5)]
    public async Task Early_stopping_ends_a_unanimous_vote_before_the_budget(string earlyStop, string rule, int used)
    {
        // top_k = 1 makes every sample the same answer, so the first wave is unanimous.
        var json = await Chat($$"""{"strategy":"majority","samples":12,"answer":"whole_text","early_stop":{{earlyStop}}}""", "\"top_k\":1");
        var report = Report(json);
        Assert.Equal(used, report["samples_used"]!.GetValue<int>());
        Assert.Equal(12, report["samples_requested"]!.GetValue<int>());
        Assert.True(report["early_stop"]!["stopped"]!.GetValue<bool>());
        Assert.Equal(rule, report["early_stop"]!["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_temperature_schedule_replaces_the_request_temperature()
    {
        var greedy = await Chat("""{"strategy":"majority","samples":4,"answer":"whole_text","return_candidates":true,"temperature_schedule":{"type":"constant","temperature":0}}""",
            "\"temperature\":1.5,\"ignore_eos\":true", 6);
        Assert.Single(Report(greedy)["candidates"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()).Distinct());

        // And the other way round: a hot schedule makes a greedy request (temperature 0) diverse.
        var hot = await Chat("""{"strategy":"majority","samples":4,"answer":"whole_text","return_candidates":true,"temperature_schedule":{"type":"linear","start":3.0,"end":3.0,"tokens":1}}""",
            "\"temperature\":0,\"ignore_eos\":true", 8);
        Assert.True(Report(hot)["candidates"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()).Distinct().Count() > 1);

        var annealed = await Chat("""{"strategy":"majority","samples":4,"answer":"whole_text","temperature_schedule":{"type":"ead","max_temperature":1.2,"min_temperature":0.1,"decay":25}}""",
            "\"ignore_eos\":true", 6);
        Assert.Equal(4, Report(annealed)["samples_used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Completions_best_of_sets_n_for_the_strategy_and_report_one_selection_per_prompt()
    {
        var body = $$$"""{"model":"{{{TestModels.Id}}}","prompt":["1+1=","2+2="],"max_tokens":3,"best_of":4,"test_time_scaling":{"strategy":"majority","answer":"whole_text"}}""";
        var reply = await server.Http.PostAsync("v1/completions", body);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var reports = reply.Json!["test_time_scaling"]!.AsArray();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(4, r!["samples_used"]!.GetValue<int>()));
        Assert.Equal([0, 1], reply.Json["choices"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
    }
}

public sealed class ModelDefaultsServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        $"--TestTimeScaling:Defaults:{TestModels.Id}:Strategy=majority",
        $"--TestTimeScaling:Defaults:{TestModels.Id}:Samples=3",
        $"--TestTimeScaling:Defaults:{TestModels.Id}:Answer=whole_text",
        $"--TestTimeScaling:Defaults:{TestModels.Id}:ApplyToAllRequests=true",
    ];
}

/// <summary>Server-side defaults per model apply to requests that carry no test_time_scaling object.</summary>
public sealed class ModelDefaultsTests(ModelDefaultsServer server) : IClassFixture<ModelDefaultsServer>
{
    [Fact]
    public async Task A_plain_request_gets_the_models_default_selection()
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", Api.Chat());
        var report = reply.Json!["test_time_scaling"]!;
        Assert.Equal("majority", report["strategy"]!.GetValue<string>());
        Assert.Equal(3, report["samples_used"]!.GetValue<int>());

        var card = (await server.Http.GetJsonAsync($"v1/models/{TestModels.Id}")).Json!["test_time_scaling"]!;
        Assert.True(card["applies_to_all_requests"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_request_overrides_the_defaults_field_by_field()
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", Api.Chat("\"test_time_scaling\":{\"samples\":5}"));
        var report = reply.Json!["test_time_scaling"]!;
        Assert.Equal("majority", report["strategy"]!.GetValue<string>());
        Assert.Equal(5, report["samples_used"]!.GetValue<int>());
    }
}
