using System.Net;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>Every extension field over raw HTTP, each checked by an effect it must have on the output.</summary>
public sealed class ExtensionFieldTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private async Task<JsonNode> Chat(string extra, int maxTokens = 8)
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", Api.Chat(extra).Replace("\"max_tokens\":4", $"\"max_tokens\":{maxTokens}"));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return reply.Json!;
    }

    private static List<string> Texts(JsonNode json) => json["choices"]!.AsArray().Select(c => c!["message"]!["content"]!.GetValue<string>()).ToList();

    private static string Finish(JsonNode json, int i = 0) => json["choices"]![i]!["finish_reason"]!.GetValue<string>();

    private async Task<int> EosId() => await server.Http.TokenIdAsync("<|im_end|>");

    [Fact]
    public async Task Top_k_one_is_greedy_so_all_choices_agree_while_sampling_differs()
    {
        Assert.Single(Texts(await Chat("\"n\":3,\"seed\":5,\"temperature\":2,\"top_k\":1,\"ignore_eos\":true")).Distinct());
        Assert.True(Texts(await Chat("\"n\":3,\"seed\":5,\"temperature\":2,\"ignore_eos\":true")).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Min_p_one_keeps_only_the_top_token()
    {
        var greedy = Texts(await Chat("\"n\":1,\"top_k\":1,\"ignore_eos\":true"))[0];
        Assert.All(Texts(await Chat("\"n\":3,\"seed\":9,\"min_p\":1.0,\"ignore_eos\":true")), t => Assert.Equal(greedy, t));
    }

    [Fact]
    public async Task Repetition_penalty_changes_greedy_output()
    {
        var plain = Texts(await Chat("\"top_k\":1,\"ignore_eos\":true", 24))[0];
        var penalized = Texts(await Chat("\"top_k\":1,\"ignore_eos\":true,\"repetition_penalty\":10", 24))[0];
        Assert.NotEqual(plain, penalized);
    }

    [Fact]
    public async Task Ignore_eos_keeps_generating_through_a_forced_eos()
    {
        var eos = await EosId();
        var stopped = await Chat($"\"logit_bias\":{{\"{eos}\":100}}");
        Assert.Equal("stop", Finish(stopped));
        Assert.Equal(1, stopped["usage"]!["completion_tokens"]!.GetValue<int>());

        var ignored = await Chat($"\"logit_bias\":{{\"{eos}\":100}},\"ignore_eos\":true");
        Assert.Equal("length", Finish(ignored));
        Assert.Equal(8, ignored["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Min_tokens_suppresses_the_stop_token_until_reached()
    {
        var eos = await EosId();
        var json = await Chat($"\"logit_bias\":{{\"{eos}\":100}},\"min_tokens\":3");
        Assert.Equal("stop", Finish(json));
        Assert.Equal(4, json["usage"]!["completion_tokens"]!.GetValue<int>()); // three suppressed positions, then EOS
    }

    [Fact]
    public async Task Stop_token_ids_end_a_sample_at_that_token()
    {
        var a = await server.Http.TokenIdAsync("a");
        var json = await Chat($"\"logit_bias\":{{\"{a}\":100}},\"stop_token_ids\":[{a}]");
        Assert.Equal("stop", Finish(json));
        Assert.Equal("", Texts(json)[0]);
    }

    [Fact]
    public async Task Logit_bias_and_stop_strings_work_together()
    {
        var a = await server.Http.TokenIdAsync("a");
        var forced = await Chat($"\"logit_bias\":{{\"{a}\":100}},\"ignore_eos\":true", 5);
        Assert.Equal("aaaaa", Texts(forced)[0]);

        var stopped = await Chat($"\"logit_bias\":{{\"{a}\":100}},\"stop\":[\"aaa\"]", 5);
        Assert.Equal("stop", Finish(stopped));
        Assert.Equal("", Texts(stopped)[0]); // the matched stop string is not part of the text
    }

    [Fact]
    public async Task Skip_special_tokens_false_keeps_special_tokens_in_the_text()
    {
        var special = await server.Http.TokenIdAsync("<|im_start|>");
        var bias = $"\"logit_bias\":{{\"{special}\":100}},\"ignore_eos\":true";
        Assert.Equal("", Texts(await Chat(bias, 2))[0]);
        Assert.Equal("<|im_start|><|im_start|>", Texts(await Chat(bias + ",\"skip_special_tokens\":false", 2))[0]);
    }

    [Fact]
    public async Task User_and_unknown_harmless_fields_are_accepted()
    {
        var json = await Chat("\"user\":\"u-1\",\"metadata\":{\"k\":\"v\"},\"parallel_tool_calls\":false,\"service_tier\":\"auto\"");
        Assert.Single(json["choices"]!.AsArray());
    }

    [Fact]
    public async Task Content_parts_and_developer_role_render_like_plain_messages()
    {
        var parts = await server.Http.PostAsync("apply-template",
            """{"messages":[{"role":"developer","content":[{"type":"text","text":"be "},{"type":"text","text":"brief"}]},{"role":"user","content":"hi"}]}""");
        var plain = await server.Http.PostAsync("apply-template",
            """{"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]}""");
        Assert.Equal(plain.Json!["prompt"]!.GetValue<string>(), parts.Json!["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completions_take_token_arrays_and_lists_of_prompts()
    {
        var ids = (await server.Http.PostAsync("tokenize", """{"prompt":"2+3="}""")).Json!["tokens"]!.ToJsonString();
        var one = await server.Http.PostAsync("v1/completions", $$"""{"model":"{{TestModels.Id}}","prompt":{{ids}},"max_tokens":2}""");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        var many = await server.Http.PostAsync("v1/completions", $$"""{"model":"{{TestModels.Id}}","prompt":[{{ids}},{{ids}}],"n":2,"max_tokens":2}""");
        Assert.Equal([0, 1, 2, 3], many.Json!["choices"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        var strings = await server.Http.PostAsync("v1/completions", $$"""{"model":"{{TestModels.Id}}","prompt":["1+1=","2+2=","3+3="],"max_tokens":2}""");
        Assert.Equal(3, strings.Json!["choices"]!.AsArray().Count);
    }

    [Fact]
    public async Task Echo_prefixes_the_prompt()
    {
        var reply = await server.Http.PostAsync("v1/completions", Api.Completion("\"echo\":true"));
        Assert.StartsWith("2+3=", reply.Json!["choices"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Best_of_generates_n_candidates_and_returns_the_n_best_by_mean_logprob()
    {
        // Raw HTTP: the OpenAI .NET SDK has no legacy completions client.
        var reply = await server.Http.PostAsync("v1/completions", Api.Completion("\"n\":2,\"best_of\":5,\"logprobs\":0,\"ignore_eos\":true,\"seed\":3"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var choices = reply.Json!["choices"]!.AsArray();
        Assert.Equal(2, choices.Count);
        Assert.Equal(5 * 4, reply.Json["usage"]!["completion_tokens"]!.GetValue<int>()); // all five candidates are paid for
        var means = choices.Select(c => c!["logprobs"]!["token_logprobs"]!.AsArray().Average(v => v!.GetValue<double>())).ToList();
        Assert.True(means[0] >= means[1]);

        // The returned two are the best two of the same five samples (same seed, n = best_of = 5).
        var all = await server.Http.PostAsync("v1/completions", Api.Completion("\"n\":5,\"logprobs\":0,\"ignore_eos\":true,\"seed\":3"));
        var allMeans = all.Json!["choices"]!.AsArray().Select(c => c!["logprobs"]!["token_logprobs"]!.AsArray().Average(v => v!.GetValue<double>()))
            .OrderDescending().Take(2).ToList();
        Assert.Equal(allMeans[0], means[0], 6);
        Assert.Equal(allMeans[1], means[1], 6);
    }

    [Fact]
    public async Task Completion_logprobs_list_the_sampled_token_and_the_top_alternatives()
    {
        var reply = await server.Http.PostAsync("v1/completions", Api.Completion("\"logprobs\":3,\"ignore_eos\":true"));
        var lp = reply.Json!["choices"]![0]!["logprobs"]!;
        var tokens = lp["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal(4, tokens.Count);
        Assert.Equal([0, 1, 2, 3], lp["text_offset"]!.AsArray().Select(o => o!.GetValue<int>()));
        for (var i = 0; i < tokens.Count; i++)
        {
            var top = lp["top_logprobs"]![i]!.AsObject();
            Assert.True(top.Count is >= 3 and <= 4);
            Assert.True(top.ContainsKey(tokens[i]));
        }
    }
}
