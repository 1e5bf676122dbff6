using System.Net;
using System.Net.Sockets;
using System.Text;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// The server started as a user starts it (its own process, appsettings.json as shipped): what it prints for a bad
/// setting, and what its console log looks like for requests and health probes.
/// </summary>
public sealed class ServerProcessTests
{
    [Theory]
    [InlineData("--Limits:MaxN=-1", "Configuration error: Limits:MaxN must be between 1 and 4096 (configured: -1)")]
    [InlineData("--Limits:MaxN=many", "Configuration error: Limits:MaxN = 'many' is not a valid integer.")]
    [InlineData("--Models:Device=gpu", "Configuration error: Models:Device must be cpu, cuda or cuda:<id> (configured: gpu)")]
    [InlineData("--port", "Configuration error: --port needs a value. (--help lists the options)")]
    [InlineData("--model=tests/fixtures/no-such-model",
        "Configuration error: The model folder 'tests/fixtures/no-such-model' does not exist (looked in the current directory, the application folder and their parents). (--help lists the options)")]
    [InlineData("--model models/arith-lm --model gpt2=tests/fixtures/tiny-random-gpt2-fp32 --reward-model models/arith-reward",
        "Configuration error: Models:RewardModel (--reward-model) names one reward model but 2 models are served; a reward model scores the model it was " +
        "trained for, so pair it by id: --reward-model <id>=<folder> (Models:RewardModels:<id>), e.g. --reward-model arith-lm=models/arith-reward. (--help lists the options)")]
    [InlineData("--reward-model gpt2=models/arith-reward",
        "Configuration error: Models:RewardModels:gpt2 pairs a reward model with 'gpt2', which is not a served model (served: arith-lm). (--help lists the options)")]
    [InlineData("--model gpt2=tests/fixtures/tiny-random-gpt2-fp32 --TestTimeScaling:Aliases:best:Model=gpt2 --TestTimeScaling:Aliases:best:Strategy=bon",
        "Configuration error: TestTimeScaling:Aliases:best uses bon, which ranks by reward, but 'gpt2' has no reward model (pair one with Models:RewardModels:gpt2). (--help lists the options)")]
    [InlineData("--model models/arith-lm --Models:Remote:0=arith-lm",
        "Configuration error: Models:Remote has 'arith-lm', which is also the id of a model folder; a model is loaded here or served by backends, not both. (--help lists the options)")]
    [InlineData("--Models:Remote:0=qwen:7b",
        "Configuration error: Models:Remote has 'qwen:7b', which is not a model id (no spaces or ':', which starts a '<model>:<strategy>@<N>' alias). (--help lists the options)")]
    [InlineData("--Models:Remote:0=qwen",
        "Configuration error: Models:Remote has 'qwen', but no backend draws its samples (set Backends:<name>:Serves=qwen). (--help lists the options)")]
    public async Task A_bad_setting_is_one_line_on_stderr_and_exit_code_2(string arguments, string expected)
    {
        var (exitCode, output, errors) = await ServerProcess.RunToExitAsync(arguments.Split(' '));
        Assert.Equal(2, exitCode);
        Assert.Equal([expected], errors);
        Assert.DoesNotContain(output, line => line.Contains("Exception") || line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_port_already_taken_is_one_line_and_exit_code_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        // Three times: the model loader starts before Kestrel binds, and a process leaving while ONNX Runtime was still
        // opening a session crashed at exit (SIGSEGV/SIGABRT) about every other time.
        for (var run = 0; run < 3; run++)
        {
            var (exitCode, output, errors) = await ServerProcess.RunToExitAsync("--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(2, exitCode);
            var line = Assert.Single(errors);
            Assert.StartsWith($"Cannot start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", line);
            Assert.DoesNotContain(output, l => l.Contains("Exception"));
        }
    }

    [Fact]
    public async Task ONNX_Runtime_logs_through_the_host_loggers_and_follows_their_level()
    {
        // ONNX Runtime's Info lines (session and thread-pool set-up) map to Debug: asked for, they come out on
        // stdout in the host's format under the OnnxRuntime category, and nothing reaches stderr raw.
        await using var server = await ServerProcess.StartAsync("--Logging:LogLevel:OnnxRuntime", "Debug");
        await Eventually.TrueAsync(() => server.Output.Any(l => l.Contains("dbug: OnnxRuntime[0]")), "an ONNX Runtime line in the host's format");
        Assert.Empty(server.Errors);
        Assert.DoesNotContain(server.Output, l => l.StartsWith("[I:onnxruntime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ONNX_Runtime_info_lines_stay_out_of_the_default_log()
    {
        // Its Info lines are Debug here, below the default Information threshold.
        await using var server = await ServerProcess.StartAsync();
        Assert.DoesNotContain(server.Output, l => l.Contains("OnnxRuntime[0]"));
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Requests_are_logged_in_one_short_line_each_and_health_probes_not_at_all()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Request-Id", "readme-log-1");
        using var chat = await http.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"arith-lm","messages":[{"role":"user","content":"Compute 1+2-3."}],"max_tokens":4}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        http.DefaultRequestHeaders.Remove("X-Request-Id");
        http.DefaultRequestHeaders.Add("X-Request-Id", "readme-log-2");
        using var bad = await http.PostAsync("v1/chat/completions", new StringContent(
            """{"model":"arith-lm","messages":[{"role":"user","content":"x"}],"temperature":-1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        for (var i = 0; i < 3; i++) (await http.GetAsync("health/ready")).Dispose();

        // The process writes its log asynchronously: wait for the second request's line (lines keep their order).
        await Eventually.TrueAsync(() => server.Output.Any(l => l.Contains("[readme-log-2]")), "the second request's log line");
        var lines = server.Output;
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} info: Inference\.Server\.Requests\[0\] POST /v1/chat/completions -> 200 in \d+\.\d ms \[readme-log-1\]$",
            Assert.Single(lines, l => l.Contains("[readme-log-1]")));
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} info: Inference\.Server\.Requests\[0\] POST /v1/chat/completions -> 400 invalid_value \(temperature\) in \d+\.\d ms \[readme-log-2\]$",
            Assert.Single(lines, l => l.Contains("[readme-log-2]")));
        Assert.DoesNotContain(lines, l => l.Contains("/health/"));
        Assert.DoesNotContain(lines, l => l.Contains(" => ")); // no logging scopes unless asked for
        Assert.Contains(lines, l => l.Contains("Loading model arith-lm from "));
        Assert.Empty(server.Errors);
    }
}
