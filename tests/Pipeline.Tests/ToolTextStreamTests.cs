using Inference.Pipeline.Tools;

namespace Inference.Pipeline.Tests;

/// <summary>
/// A tool request's text streamed in deltas of every size: what goes out early is content only (never a piece of a
/// call), the parse at the end is the parse of the whole text, and the deltas plus what is sent at the end are the
/// content a non-streamed response has (but the leading whitespace of a text that also holds a call, which that trims).
/// </summary>
public sealed class ToolTextStreamTests
{
    private static ChatTools Tools(string choice = "\"auto\"") => TestTools.With(choice);

    private const string Add = """{"name": "add", "arguments": {"a": 1, "b": 2}}""";

    public static TheoryData<string, string> Texts => new()
    {
        // text, the content that goes out before the end when it comes one character at a time
        { "The answer is 42.", "The answer is 42." },
        { $"Let me add.\n<tool_call>\n{Add}\n</tool_call>", "Let me add." },
        { $"  Hi <b>bold</b> <tool_call>{Add}</tool_call> then more", "  Hi <b>bold</b>" },
        { $"<tool_call>{Add}</tool_call>", "" },
        { """{"name": "weather", "parameters": {"city": "Paris"}}""", "" },
        { $"[TOOL_CALLS] [{Add}]", "" },
        { "\n [1, 2, 3] is a list", "" },
        { """x <tool_call>{"name":"nope","arguments":{}}</tool_call> y""", "x" },
        { "a < b and <tool", "a < b and" },
        { "trailing space   ", "trailing space" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Deltas_of_every_size_send_only_content_and_add_up_to_the_parsed_content(string text, string sentEarly)
    {
        var parsed = ToolCallParser.Parse(text, Tools());
        var random = new Random(7);
        for (var size = 0; size <= text.Length; size++)
        {
            // size 0: random splits; otherwise fixed-size deltas.
            var stream = new ToolTextStream(Tools());
            var sent = new System.Text.StringBuilder();
            for (var at = 0; at < text.Length;)
            {
                var length = Math.Min(text.Length - at, size == 0 ? random.Next(1, 6) : size);
                sent.Append(stream.Append(text.Substring(at, length)));
                at += length;
            }
            if (size == 1) Assert.Equal(sentEarly, sent.ToString());
            Assert.DoesNotContain("<tool_call>", sent.ToString());
            var (message, unsent) = stream.Finish();
            Assert.Equal(parsed.Content, message.Content);
            Assert.Equal(parsed.Calls, message.Calls);
            var content = parsed.Content ?? "";
            var streamed = sent + unsent;
            Assert.True(streamed == content || (parsed.Calls.Count > 0 && streamed.TrimStart() == content), $"size {size}: '{streamed}' vs '{content}'");
        }
    }

    [Fact]
    public void A_forced_call_sends_nothing_before_the_end()
    {
        var stream = new ToolTextStream(Tools("\"required\""));
        Assert.Equal("", stream.Append("Some "));
        Assert.Equal("", stream.Append("text"));
        var (message, unsent) = stream.Finish();
        Assert.Equal("Some text", unsent);
        Assert.Empty(message.Calls);
    }
}
