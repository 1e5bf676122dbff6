using Inference.LoadTest.Running;
using Inference.LoadTest.Workload;

namespace Inference.Tools.Tests.LoadTest;

public class LoadTestInputTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000")]
    [InlineData("http://localhost:1234/")]
    [InlineData("http://[::1]:8000")]
    [InlineData("http://127.0.0.2:8000")]
    public void Loopback_urls_are_accepted(string url) => Assert.True(TargetGuard.Check(url, allowRemote: false).IsAbsoluteUri);

    [Theory]
    [InlineData("http://10.0.0.1:8000")]
    [InlineData("http://example.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void Other_urls_are_refused_without_allow_remote(string url) =>
        Assert.Throws<ArgumentException>(() => TargetGuard.Check(url, allowRemote: false));

    [Fact]
    public void Allow_remote_permits_another_host_but_not_a_malformed_url()
    {
        Assert.Equal("example.com", TargetGuard.Check("http://example.com", allowRemote: true).Host);
        Assert.Throws<ArgumentException>(() => TargetGuard.Check("example.com", allowRemote: true));
    }

    [Fact]
    public void The_mix_draws_by_weight_reproducibly()
    {
        var templates = new[]
        {
            new RequestTemplate("a", "/v1/chat/completions", new(), 3),
            new RequestTemplate("b", "/v1/chat/completions", new(), 1),
        };
        var draws = new RequestMix(templates, 5);
        var names = Enumerable.Range(0, 8000).Select(_ => draws.Next().Name).ToList();
        Assert.InRange(names.Count(n => n == "a") / 8000.0, 0.73, 0.77);
        var again = new RequestMix(templates, 5);
        Assert.Equal(names, Enumerable.Range(0, 8000).Select(_ => again.Next().Name));
    }

    [Fact]
    public void A_mix_file_with_a_bad_line_names_the_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["{\"name\":\"ok\",\"body\":{\"messages\":[]}}", "{\"name\":\"bad\"}"]);
            var ex = Assert.Throws<InvalidMixException>(() => RequestMix.Load(path));
            Assert.Contains(":2:", ex.Message);
            File.WriteAllLines(path, ["{\"name\":\"s\",\"weight\":2,\"body\":{\"stream\":true}}"]);
            var template = Assert.Single(RequestMix.Load(path));
            Assert.True(template.Stream);
            Assert.Equal(2, template.Weight);
            Assert.Contains("\"include_usage\":true", template.RenderBody("m"));
            Assert.Contains("\"model\":\"m\"", template.RenderBody("m"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_event_stream_reader_finds_first_content_usage_and_done()
    {
        var events = new ServerEventStream();
        Assert.False(events.Accept("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"));
        Assert.True(events.Accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"12\"}}]}"));
        Assert.False(events.Accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"3\"}}]}"));
        Assert.False(events.Accept("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}"));
        Assert.False(events.Done);
        events.Accept("[DONE]");
        Assert.True(events.Done);
        Assert.Equal(9, events.CompletionTokens);
        Assert.Null(events.Error);

        var broken = new ServerEventStream();
        broken.Accept("{\"error\":{\"message\":\"boom\"}}");
        Assert.Equal("boom", broken.Error);
    }

    [Fact]
    public async Task The_event_stream_reader_reads_the_wire_format_comments_and_blank_lines_included()
    {
        const string wire = ": progress stage=sampling samples=0/1 tokens=0\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
            + "\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"12\"}}]}\r\n\r\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"3\"}}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}\n\n";
        var events = new ServerEventStream();
        var firstContent = 0;
        await events.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(wire)), () => firstContent++, default);
        Assert.Equal(1, firstContent);
        Assert.False(events.Done);
        Assert.Equal(9, events.CompletionTokens);
        await events.ReadAsync(new MemoryStream("data: [DONE]\n\n"u8.ToArray()), () => firstContent++, default);
        Assert.True(events.Done);
        Assert.Null(events.Error);
        Assert.Equal(1, firstContent);
    }
}
