using Inference.Pipeline.Tools;

namespace Inference.Pipeline.Tests;

/// <summary>Calls found in samples in each family's format (the formats the fixture templates teach), and text that is
/// not a call of a declared function left as text.</summary>
public sealed class ToolCallParserTests
{
    private static ChatTools Tools(string choice = "\"auto\"") => TestTools.With(choice);

    [Fact]
    public void HermesAndQwenBlocksAreCallsAndTheRestIsText()
    {
        var message = ToolCallParser.Parse("Let me add.\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}\n</tool_call>\n<tool_call>{\"name\":\"weather\",\"arguments\":{}}</tool_call>", Tools());
        Assert.Equal("Let me add.", message.Content);
        Assert.Equal([new ParsedToolCall("add", """{"a": 1, "b": 2}"""), new ParsedToolCall("weather", "{}")], message.Calls);
    }

    [Fact]
    public void MistralListsAndLlamaObjectsAreCalls()
    {
        var mistral = ToolCallParser.Parse("[TOOL_CALLS] [{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}]", Tools());
        Assert.Null(mistral.Content);
        Assert.Equal("add", Assert.Single(mistral.Calls).Name);
        var llama = ToolCallParser.Parse("{\"name\": \"weather\", \"parameters\": {\"city\": \"Paris\"}}", Tools());
        Assert.Equal(new ParsedToolCall("weather", """{"city": "Paris"}"""), Assert.Single(llama.Calls));
        // Arguments written as a JSON string (as some templates teach) are the same call.
        var stringified = ToolCallParser.Parse("<tool_call>{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":1,\\\"b\\\":2}\"}</tool_call>", Tools());
        Assert.Equal("""{"a":1,"b":2}""", Assert.Single(stringified.Calls).Arguments);
    }

    [Theory]
    [InlineData("The answer is 3.")]
    [InlineData("<tool_call>{\"name\": \"subtract\", \"arguments\": {}}</tool_call>")]
    [InlineData("<tool_call>{\"name\": \"add\", \"arguments\": [1, 2]}</tool_call>")]
    [InlineData("<tool_call>{\"name\": \"add\", \"arguments\": {\"a\": 1</tool_call>")]
    [InlineData("{\"answer\": 3}")]
    public void AnythingElseStaysText(string text)
    {
        var message = ToolCallParser.Parse(text, Tools());
        Assert.Equal(text, message.Content);
        Assert.Empty(message.Calls);
    }

    [Fact]
    public void NoneMeansNoCallsAndAForcedCallIsTheWholeDocument()
    {
        const string call = "<tool_call>{\"name\":\"weather\",\"arguments\":{}}</tool_call>";
        Assert.Empty(ToolCallParser.Parse(call, Tools("\"none\"")).Calls);
        Assert.Empty(ToolCallParser.Parse(call, null).Calls);
        var forced = ToolCallParser.Parse("{\"name\":\"add\",\"arguments\":{\"b\":2,\"a\":1}}", Tools("""{"type":"function","function":{"name":"add"}}"""));
        Assert.Null(forced.Content);
        Assert.Equal(new ParsedToolCall("add", """{"b":2,"a":1}"""), Assert.Single(forced.Calls));
    }
}
