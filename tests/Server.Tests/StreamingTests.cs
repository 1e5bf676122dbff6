using System.Net;

namespace Inference.Server.Tests;

/// <summary>SSE framing exactly as openai-api.md describes it, for chat and text completions, with and without selection.</summary>
public sealed class StreamingTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    [Fact]
    public async Task Chat_stream_with_n_three_interleaves_choices_and_ends_each_once_then_usage_then_done()
    {
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions",
            Api.Chat("\"n\":3,\"max_tokens\":6,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.All(sse.Events, e => Assert.True(e.StartsWith("data: ", StringComparison.Ordinal), e));
        Assert.Equal("[DONE]", sse.Data[^1]);

        var chunks = sse.Chunks;
        Assert.Single(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct());
        Assert.Single(chunks.Select(c => c["created"]!.GetValue<long>()).Distinct());
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>()));

        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal(18, usage["usage"]!["completion_tokens"]!.GetValue<int>()); // 3 choices x 6 tokens (EOS ignored)
        foreach (var chunk in chunks.SkipLast(1))
        {
            Assert.True(chunk.AsObject().ContainsKey("usage"), "usage must be present (null) on every chunk when include_usage is set");
            Assert.Null(chunk["usage"]);
            Assert.Single(chunk["choices"]!.AsArray());
        }

        var byChoice = chunks.SkipLast(1).Select((c, position) => (Choice: c["choices"]![0]!, Position: position))
            .GroupBy(x => x.Choice["index"]!.GetValue<int>()).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal([0, 1, 2], byChoice.Keys.Order());
        foreach (var (_, items) in byChoice)
        {
            Assert.Equal("assistant", items[0].Choice["delta"]!["role"]!.GetValue<string>());
            Assert.All(items.Skip(1), i => Assert.Null(i.Choice["delta"]!["role"]));
            var finishes = items.Where(i => i.Choice["finish_reason"] is not null).ToList();
            Assert.Single(finishes);
            Assert.Equal("length", finishes[0].Choice["finish_reason"]!.GetValue<string>());
            Assert.Same(items[^1].Choice, finishes[0].Choice);
        }
        // Interleaved: choice 1 has chunks before choice 0's last chunk.
        Assert.True(byChoice[1].First(i => i.Choice["delta"]!["content"]?.GetValue<string>() is { Length: > 0 }).Position < byChoice[0][^1].Position);
    }

    [Fact]
    public async Task Without_include_usage_chunks_carry_no_usage_field()
    {
        var (_, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions", Api.Chat("\"stream\":true"));
        Assert.All(sse.Chunks, c => Assert.False(c.AsObject().ContainsKey("usage")));
        Assert.Equal("[DONE]", sse.Data[^1]);
    }

    [Fact]
    public async Task Streamed_logprobs_arrive_per_token()
    {
        var (_, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions",
            Api.Chat("\"stream\":true,\"logprobs\":true,\"top_logprobs\":2,\"ignore_eos\":true"));
        var withLogprobs = sse.Chunks.Where(c => c["choices"]!.AsArray().Count == 1 && c["choices"]![0]!["logprobs"] is not null).ToList();
        Assert.Equal(4, withLogprobs.Count);
        Assert.All(withLogprobs, c => Assert.Equal(2, c["choices"]![0]!["logprobs"]!["content"]![0]!["top_logprobs"]!.AsArray().Count));
    }

    [Fact]
    public async Task Completion_stream_with_two_prompts_routes_choices_by_prompt_times_n_plus_sample()
    {
        var body = $$$"""{"model":"{{{TestModels.Id}}}","prompt":["1+1=","2+2="],"n":2,"max_tokens":3,"ignore_eos":true,"stream":true,"stream_options":{"include_usage":true}}""";
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = sse.Chunks;
        Assert.All(chunks, c => Assert.Equal("text_completion", c["object"]!.GetValue<string>()));
        var finishes = chunks.SelectMany(c => c["choices"]!.AsArray()).Where(c => c!["finish_reason"] is not null).Select(c => c!["index"]!.GetValue<int>()).ToList();
        Assert.Equal([0, 1, 2, 3], finishes.Order());
        Assert.Equal(12, chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal("[DONE]", sse.Data[^1]);
    }

    [Fact]
    public async Task Echo_streams_the_prompt_first()
    {
        var (_, sse) = await Sse.PostAsync(server.Http, "v1/completions", Api.Completion("\"echo\":true,\"stream\":true"));
        Assert.Equal("2+3=", sse.Chunks[0]["choices"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Selection_stream_sends_progress_comments_then_the_chosen_choices_usage_and_done()
    {
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions",
            Api.Chat("\"n\":2,\"temperature\":2,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":6,\"answer\":\"whole_text\"}").Replace("\"max_tokens\":4", "\"max_tokens\":12"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(sse.Comments);
        Assert.All(sse.Comments, c => Assert.StartsWith(": progress", c));
        var firstData = sse.Events.ToList().FindIndex(e => e.StartsWith("data: ", StringComparison.Ordinal));
        Assert.True(sse.Events.Take(firstData).All(e => e.StartsWith(": ", StringComparison.Ordinal)), "progress comes before the choices");
        Assert.Contains(sse.Comments, c => c.Contains("samples=6/6"));

        var chunks = sse.Chunks;
        var finishes = chunks.SelectMany(c => c["choices"]!.AsArray()).Where(c => c!["finish_reason"] is not null).ToList();
        Assert.Equal(2, finishes.Count);
        var report = chunks.Single(c => c["test_time_scaling"] is not null)["test_time_scaling"]!;
        Assert.Equal(6, report["samples_used"]!.GetValue<int>());
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True(chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>() >= 6);
        Assert.Equal("[DONE]", sse.Data[^1]);
    }

    [Fact]
    public async Task Selection_stream_over_two_prompts_reports_progress_per_prompt_and_one_choice_each()
    {
        var body = $$$"""{"model":"{{{TestModels.Id}}}","prompt":["1+1=","2+2="],"max_tokens":3,"stream":true,"test_time_scaling":{"strategy":"majority","samples":4,"answer":"whole_text"}}""";
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(sse.Comments, c => c.Contains("prompt=0"));
        Assert.Contains(sse.Comments, c => c.Contains("prompt=1"));
        var finishes = sse.Chunks.SelectMany(c => c["choices"]!.AsArray()).Where(c => c!["finish_reason"] is not null).Select(c => c!["index"]!.GetValue<int>());
        Assert.Equal([0, 1], finishes.Order());
        Assert.Equal(2, sse.Chunks.Count(c => c["test_time_scaling"] is not null));
        Assert.Equal("[DONE]", sse.Data[^1]);
    }

    [Fact]
    public async Task Errors_before_the_stream_starts_are_plain_json_errors()
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", Api.Chat("\"stream\":true,\"top_p\":9"));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/json", reply.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("top_p", reply.ErrorParam);
    }
}
