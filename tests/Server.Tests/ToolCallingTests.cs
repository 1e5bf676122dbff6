using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Chat;

namespace Inference.Server.Tests;

/// <summary>
/// tools and tool_choice through the official OpenAI .NET SDK (2.15.0) on the bundled model: forced calls (required or
/// named) are decoded under the functions' schemas, so they always parse, name a declared function and carry valid
/// arguments; streamed calls arrive in OpenAI's delta shape; tool results in the history render; test-time scaling
/// votes over calls (name + canonical arguments).
/// </summary>
public sealed class ToolCallingTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    private const string AddParameters = """
        {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}
        """;

    private const string WeatherParameters = """
        {"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}
        """;

    private static readonly ChatTool Add = ChatTool.CreateFunctionTool("add", "Adds two integers.", BinaryData.FromString(AddParameters), functionSchemaIsStrict: true);
    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool("weather", "Current weather.", BinaryData.FromString(WeatherParameters));

    private ChatClient Client() => SchemaCheck.SdkClient(server);

    private static void AssertValid(string name, string arguments)
    {
        var schema = name switch { "add" => AddParameters, "weather" => WeatherParameters, _ => throw new Xunit.Sdk.XunitException($"undeclared function '{name}'") };
        Assert.Null(SchemaCheck.Problem(arguments, schema));
    }

    [Fact]
    public async Task A_named_function_is_called_with_valid_arguments()
    {
        var options = new ChatCompletionOptions { Tools = { Add, Weather }, ToolChoice = ChatToolChoice.CreateFunctionChoice("add"), MaxOutputTokenCount = 40 };
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("Add 12 and 30.")], options);
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("add", call.FunctionName);
        Assert.StartsWith("call_", call.Id);
        AssertValid(call.FunctionName, call.FunctionArguments.ToString());
        Assert.Empty(completion.Content);
    }

    [Fact]
    public async Task Required_calls_always_name_a_declared_function_with_valid_arguments()
    {
        var names = new HashSet<string>();
        for (var seed = 0; seed < 8; seed++)
        {
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK
            var options = new ChatCompletionOptions { Tools = { Add, Weather }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 60, Temperature = 1.5f, Seed = seed };
#pragma warning restore OPENAI001
            ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("What now?")], options);
            Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
            var call = Assert.Single(completion.ToolCalls);
            AssertValid(call.FunctionName, call.FunctionArguments.ToString());
            names.Add(call.FunctionName);
        }
        Assert.NotEmpty(names);
    }

    [Fact]
    public async Task Streamed_calls_arrive_as_openai_tool_call_deltas()
    {
        var ids = new Dictionary<int, string>();
        var functionNames = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Weather?")],
                           new ChatCompletionOptions { Tools = { Add, Weather }, ToolChoice = ChatToolChoice.CreateFunctionChoice("weather"), MaxOutputTokenCount = 64 }))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                if (part.ToolCallId is { } id) ids[part.Index] = id;
                if (part.FunctionName is { } name) functionNames[part.Index] = name;
                if (part.FunctionArgumentsUpdate is { } args && !args.ToMemory().IsEmpty)
                    (arguments.TryGetValue(part.Index, out var sb) ? sb : arguments[part.Index] = new StringBuilder()).Append(args.ToString());
            }
            Assert.Empty(update.ContentUpdate.Where(c => c.Text.Length > 0));
            finish = update.FinishReason ?? finish;
        }
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("weather", Assert.Single(functionNames).Value);
        Assert.StartsWith("call_", ids[0]);
        AssertValid("weather", arguments[0].ToString());
    }

    [Fact]
    public async Task With_tool_choice_auto_text_that_is_no_call_streams_as_it_comes_and_adds_up_to_the_unstreamed_content()
    {
        var options = new ChatCompletionOptions { Tools = { Add, Weather }, MaxOutputTokenCount = 24, Temperature = 0 };
        ChatCompletion whole = await Client().CompleteChatAsync([new UserChatMessage("Say something.")], options);
        Assert.Empty(whole.ToolCalls);
        var content = whole.Content[0].Text;
        // The fixture's greedy answer is text that cannot open a call: it must stream, not be held to the end.
        Assert.False(content.TrimStart().StartsWith('{') || content.TrimStart().StartsWith('[') || content.Contains("<tool_call>", StringComparison.Ordinal), content);
        var deltas = new List<string>();
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Say something.")], options))
            deltas.AddRange(update.ContentUpdate.Select(c => c.Text).Where(t => t.Length > 0));
        Assert.Equal(content, string.Concat(deltas));
        Assert.True(deltas.Count > 1, $"one delta: '{content}'");
    }

    [Fact]
    public async Task Tool_results_in_the_history_render_and_the_model_answers_in_text()
    {
        var call = ChatToolCall.CreateFunctionToolCall("call_1", "add", BinaryData.FromString("""{"a":12,"b":30}"""));
        ChatCompletion completion = await Client().CompleteChatAsync(
            [new UserChatMessage("Add 12 and 30."), new AssistantChatMessage([call]), new ToolChatMessage("call_1", "42"), new UserChatMessage("12+30=")],
            new ChatCompletionOptions { Tools = { Add }, MaxOutputTokenCount = 8 });
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        // The template received the call and its result: the rendered prompt holds both.
        var rendered = await server.Http.PostAsync("apply-template", "{\"model\":\"" + server.Model + "\",\"messages\":[" +
            "{\"role\":\"user\",\"content\":\"Add 12 and 30.\"}," +
            "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{}\"}}]}," +
            "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}]}");
        Assert.True(rendered.Status == HttpStatusCode.OK, rendered.Text);
        Assert.Contains("<|im_start|>tool\n42<|im_end|>", rendered.Text.Replace("\\n", "\n"));
    }

    [Fact]
    public async Task Majority_votes_over_name_and_canonical_arguments()
    {
        var body = Api.Chat("\"seed\":4,\"temperature\":1.0,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":" + WeatherParameters.Trim() +
                            "}}],\"tool_choice\":\"required\",\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":6,\"return_candidates\":true}")
            .Replace("\"max_tokens\":4", "\"max_tokens\":64");
        var reply = await server.Http.PostAsync("v1/chat/completions", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var report = reply.Json!["test_time_scaling"]!;
        Assert.Equal(0, report["unanswered"]!.GetValue<int>());
        foreach (var c in report["candidates"]!.AsArray())
            Assert.Equal(["arguments", "name"], JsonNode.Parse(c!["answer"]!.GetValue<string>())!.AsObject().Select(p => p.Key));
        var chosen = report["answers"]!.AsArray().Single(a => a!["chosen"]!.GetValue<bool>());
        var choice = reply.Json["choices"]![0]!;
        Assert.Equal("tool_calls", choice["finish_reason"]!.GetValue<string>());
        var call = choice["message"]!["tool_calls"]![0]!["function"]!;
        var voted = JsonNode.Parse(chosen!["answer"]!.GetValue<string>())!;
        Assert.Equal(voted["name"]!.GetValue<string>(), call["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(voted["arguments"], JsonNode.Parse(call["arguments"]!.GetValue<string>())));
        Assert.Null(choice["message"]!["content"]?.GetValue<string>());
    }
}
