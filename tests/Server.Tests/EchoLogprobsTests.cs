using System.Net;
using System.Text.Json.Nodes;
using Inference.Testing;
using Inference.Server.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>
/// /v1/completions with echo + logprobs (legacy prompt scoring, as evaluation harnesses use it): the prompt's tokens
/// come first in logprobs, the first with nulls; max_tokens 0 returns the prompt alone; the scores equal the model's
/// log-softmax computed here independently, token by token.
/// </summary>
public sealed class EchoLogprobsTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private const string Prompt = "2+3=";

    private static JsonArray Array(JsonNode choice, string field) => choice["logprobs"]![field]!.AsArray();

    private async Task<JsonNode> Complete(string body)
    {
        var reply = await server.Http.PostAsync("v1/completions", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return reply.Json!;
    }

    /// <summary>Sum over tokens 1..S-1 of log p(token | prefix), from the model's raw logits of each prefix recomputed whole.</summary>
    private double IndependentPromptLogprob(int[] ids)
    {
        var package = server.Services.GetRequiredService<ModelCatalog>().Models.Single().Served!.Package!;
        double sum = 0;
        for (var i = 1; i < ids.Length; i++)
        {
            var logits = FullRecompute.LastLogits(package, ids[..i]);
            var max = logits.Max();
            sum += logits[ids[i]] - (max + Math.Log(logits.Sum(v => Math.Exp(v - max))));
        }
        return sum;
    }

    private async Task<int[]> PromptIds(string text)
    {
        var reply = await server.Http.PostAsync("tokenize", $$"""{"model":"{{TestModels.Id}}","prompt":"{{text}}"}""");
        return reply.Json!["tokens"]!.AsArray().Select(t => t!.GetValue<int>()).ToArray();
    }

    [Fact]
    public async Task Echo_with_logprobs_scores_the_prompt_then_the_completion()
    {
        var json = await Complete(Api.Completion("\"echo\":true,\"logprobs\":2,\"ignore_eos\":true,\"seed\":4"));
        var plain = await Complete(Api.Completion("\"ignore_eos\":true,\"seed\":4"));
        var choice = json["choices"]![0]!;
        var text = choice["text"]!.GetValue<string>();
        Assert.Equal(Prompt + plain["choices"]![0]!["text"]!.GetValue<string>(), text);

        var ids = await PromptIds(Prompt);
        var promptTokens = json["usage"]!["prompt_tokens"]!.GetValue<int>();
        Assert.Equal(ids.Length, promptTokens);
        var tokens = Array(choice, "tokens").Select(t => t!.GetValue<string>()).ToList();
        var values = Array(choice, "token_logprobs");
        var tops = Array(choice, "top_logprobs");
        var offsets = Array(choice, "text_offset").Select(o => o!.GetValue<int>()).ToList();
        Assert.Equal(promptTokens + 4, tokens.Count);
        Assert.Equal(tokens.Count, values.Count);
        Assert.Equal(tokens.Count, tops.Count);
        Assert.Equal(tokens.Count, offsets.Count);

        Assert.Null(values[0]);
        Assert.Null(tops[0]);
        for (var i = 1; i < tokens.Count; i++)
        {
            var value = values[i]!.GetValue<double>();
            Assert.True(value <= 0, $"token {i}: {value}");
            var top = tops[i]!.AsObject();
            Assert.InRange(top.Count, 1, 3);
            Assert.Equal(value, top[tokens[i]]!.GetValue<double>(), 6);
        }

        // Offsets start at 0, never decrease, and each token's text is found where its offset points.
        Assert.Equal(0, offsets[0]);
        for (var i = 1; i < offsets.Count; i++) Assert.True(offsets[i] >= offsets[i - 1], $"offset {i} decreases");
        Assert.Equal(Prompt.Length, offsets[promptTokens]);
        for (var i = 0; i < tokens.Count; i++)
            if (offsets[i] + tokens[i].Length <= text.Length && text.Substring(offsets[i], tokens[i].Length) != tokens[i])
                Assert.True(i == 0 && offsets[1] == 0, $"token {i} '{tokens[i]}' is not at offset {offsets[i]} of '{text}'");

        var sum = values.Take(promptTokens).Skip(1).Sum(v => v!.GetValue<double>());
        Assert.Equal(IndependentPromptLogprob(ids), sum, 3);
    }

    [Fact]
    public async Task Max_tokens_zero_returns_only_the_scored_prompt_for_every_choice()
    {
        var json = await Complete(Api.Completion("\"echo\":true,\"logprobs\":0,\"n\":2").Replace("\"max_tokens\":4", "\"max_tokens\":0"));
        var ids = await PromptIds(Prompt);
        var choices = json["choices"]!.AsArray();
        Assert.Equal(2, choices.Count);
        foreach (var choice in choices)
        {
            Assert.Equal(Prompt, choice!["text"]!.GetValue<string>());
            Assert.Equal("length", choice["finish_reason"]!.GetValue<string>());
            Assert.Equal(ids.Length, Array(choice, "tokens").Count);
            Assert.Null(Array(choice, "token_logprobs")[0]);
            Assert.All(Array(choice, "top_logprobs").Skip(1), t => Assert.Single(t!.AsObject()));
        }
        Assert.Equal(0, json["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(Array(choices[0]!, "token_logprobs").ToJsonString(), Array(choices[1]!, "token_logprobs").ToJsonString());
        var sum = Array(choices[0]!, "token_logprobs").Skip(1).Sum(v => v!.GetValue<double>());
        Assert.Equal(IndependentPromptLogprob(ids), sum, 3);
    }

    [Fact]
    public async Task Lists_of_prompts_and_token_id_prompts_are_scored_each()
    {
        var first = await PromptIds("1+1=");
        var second = await PromptIds("12*3=");
        var byIds = await Complete($$"""{"model":"{{TestModels.Id}}","prompt":[[{{string.Join(",", first)}}],[{{string.Join(",", second)}}]],"max_tokens":0,"echo":true,"logprobs":1}""");
        var byText = await Complete($$"""{"model":"{{TestModels.Id}}","prompt":["1+1=","12*3="],"max_tokens":0,"echo":true,"logprobs":1}""");
        int[][] expected = [first, second];
        for (var p = 0; p < 2; p++)
        {
            var ids = byIds["choices"]![p]!;
            var text = byText["choices"]![p]!;
            Assert.Equal(p, ids["index"]!.GetValue<int>());
            Assert.Equal(expected[p].Length, Array(ids, "tokens").Count);
            Assert.Equal(Array(text, "token_logprobs").ToJsonString(), Array(ids, "token_logprobs").ToJsonString());
            Assert.Equal(IndependentPromptLogprob(expected[p]), Array(ids, "token_logprobs").Skip(1).Sum(v => v!.GetValue<double>()), 3);
            var offsets = Array(ids, "text_offset").Select(o => o!.GetValue<int>()).ToList();
            Assert.True(offsets.Zip(offsets.Skip(1)).All(o => o.First <= o.Second));
            Assert.All(offsets, o => Assert.InRange(o, 0, ids["text"]!.GetValue<string>().Length));
        }
    }

    [Fact]
    public async Task A_stream_sends_the_scored_prompt_first_in_each_choice()
    {
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/completions", Api.Completion("\"echo\":true,\"logprobs\":1,\"n\":2,\"stream\":true,\"ignore_eos\":true,\"seed\":2"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = await PromptIds(Prompt);
        var choices = sse.Chunks.SelectMany(c => c["choices"]!.AsArray()).ToList();
        for (var index = 0; index < 2; index++)
        {
            var mine = choices.Where(c => c!["index"]!.GetValue<int>() == index).ToList();
            var firstChunk = mine[0]!;
            Assert.Equal(Prompt, firstChunk["text"]!.GetValue<string>());
            Assert.Equal(ids.Length, Array(firstChunk, "tokens").Count);
            Assert.Null(Array(firstChunk, "token_logprobs")[0]);
            Assert.Equal(IndependentPromptLogprob(ids), Array(firstChunk, "token_logprobs").Skip(1).Sum(v => v!.GetValue<double>()), 3);
            var generated = mine.Skip(1).Where(c => c!["logprobs"] is not null).ToList();
            Assert.Equal(4, generated.Count);
            Assert.StartsWith(Prompt, string.Concat(mine.Select(c => c!["text"]!.GetValue<string>())));
        }
    }
}
