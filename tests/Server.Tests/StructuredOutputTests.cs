using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Chat;

namespace Inference.Server.Tests;

/// <summary>
/// response_format through the official OpenAI .NET SDK (2.15.0) and raw HTTP, on the bundled model (a character-level
/// arithmetic model whose free output is never JSON): every document parses and validates under its schema
/// (JsonSchema.Net), streamed deltas spell it, and test-time scaling votes over canonical JSON.
/// </summary>
public sealed class StructuredOutputTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    private const string AnswerSchema = """
        {"type":"object","properties":{"answer":{"type":"integer"},"check":{"enum":["ok","unsure"]}},"required":["answer","check"],"additionalProperties":false}
        """;

    private ChatClient Client() => SchemaCheck.SdkClient(server);

    private static string? Problem(string text, string schema) => SchemaCheck.Problem(text, schema);

    [Fact]
    public async Task A_strict_json_schema_through_the_sdk_always_validates()
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", BinaryData.FromString(AnswerSchema), jsonSchemaIsStrict: true),
            MaxOutputTokenCount = 40, Temperature = 1.2f,
        };
        for (var seed = 0; seed < 6; seed++)
        {
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK
            options.Seed = seed;
#pragma warning restore OPENAI001
            ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("17+25=")], options);
            var text = completion.Content[0].Text;
            Assert.Null(Problem(text, AnswerSchema));
            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        }
    }

    [Fact]
    public async Task Json_object_through_the_sdk_is_a_json_object()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("3+4=")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(), MaxOutputTokenCount = 30, Temperature = 1f });
        var node = JsonNode.Parse(completion.Content[0].Text);
        Assert.IsType<JsonObject>(node);
    }

    [Fact]
    public async Task Streamed_deltas_spell_a_valid_document()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("8+9=")], new ChatCompletionOptions
                       {
                           ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", BinaryData.FromString(AnswerSchema), jsonSchemaIsStrict: true),
                           MaxOutputTokenCount = 40,
                       }))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish = update.FinishReason ?? finish;
        }
        Assert.Null(Problem(text.ToString(), AnswerSchema));
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Majority_votes_over_canonical_json()
    {
        var format = """{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":""" + AnswerSchema.Trim() + "}}";
        var body = Api.Chat("\"seed\":3,\"temperature\":1.0,\"response_format\":" + format +
            ",\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":8,\"return_candidates\":true}", content: "12+30=").Replace("\"max_tokens\":4", "\"max_tokens\":40");
        var reply = await server.Http.PostAsync("v1/chat/completions", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var report = reply.Json!["test_time_scaling"]!;
        var candidates = report["candidates"]!.AsArray();
        Assert.Equal(8, candidates.Count);
        Assert.Equal(0, report["unanswered"]!.GetValue<int>()); // every constrained sample is a document
        foreach (var c in candidates)
        {
            var text = c!["text"]!.GetValue<string>();
            Assert.Null(Problem(text, AnswerSchema));
            // The answer is the canonical spelling: members sorted, no whitespace.
            var answer = JsonNode.Parse(c["answer"]!.GetValue<string>())!.AsObject();
            Assert.Equal(["answer", "check"], answer.Select(p => p.Key));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), answer));
        }
        var classes = report["answers"]!.AsArray();
        Assert.Equal(8, classes.Sum(a => a!["votes"]!.GetValue<int>()));
        var chosen = classes.Single(a => a!["chosen"]!.GetValue<bool>());
        Assert.Equal(classes.Max(a => a!["votes"]!.GetValue<int>()), chosen!["votes"]!.GetValue<int>());
        var content = reply.Json!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(content), JsonNode.Parse(chosen["answer"]!.GetValue<string>())));
    }

    [Fact]
    public async Task An_unsupported_schema_keyword_is_a_400_naming_the_schema_and_the_keyword()
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", Api.Chat("""
            "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":{"n":{"type":"integer","minimum":3}}}}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("response_format.json_schema.schema", reply.Json!["error"]!["param"]!.GetValue<string>());
        Assert.Contains("minimum", reply.Json["error"]!["message"]!.GetValue<string>());
    }
}
