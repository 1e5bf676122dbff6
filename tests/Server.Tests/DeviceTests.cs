using System.Collections.Concurrent;
using System.Net;
using Inference.Server.Hosting;
using Inference.Server.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Inference.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Server.Tests;

/// <summary>
/// Models:Device=cuda on this CUDA-less machine, both ways: with FallbackToCpu the server serves on CPU and says why in
/// /v1/models and its log; without, it stops at start-up with ONNX Runtime's reason in one line. The reason depends on
/// the build's flavour (CPU package: CUDA is not in this build; GPU package, -p:OnnxRuntimeFlavor=Cuda: the CUDA
/// libraries cannot be loaded), and each flavour checks its own.
/// </summary>
[Trait("Category", "OnnxRuntimeFlavor")]
public sealed class DeviceTests
{
    private static bool GpuPackage => OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider");

    [Fact]
    public async Task Cuda_with_fallback_serves_on_cpu_and_says_why_in_models_and_the_log()
    {
        var log = new CapturingLoggerProvider();
        await using var app = Build(log, "--device", "cuda");
        await app.StartAsync();
        var catalog = app.Services.GetRequiredService<ModelCatalog>();
        await Eventually.TrueAsync(() => catalog.AllReady, "the model becomes ready on CPU");

        using var http = app.GetTestClient();
        var card = (await http.GetJsonAsync("v1/models")).Json!["data"]![0]!;
        Assert.Equal("cpu", card["device"]!.GetValue<string>());
        Assert.Equal(["CPUExecutionProvider"], card["execution_providers"]!.AsArray().Select(p => p!.GetValue<string>()));
        var fallback = card["device_fallback"]!.GetValue<string>();
        AssertFlavoursReason(fallback);
        Assert.Contains(card["warnings"]!.AsArray(), w => w!.GetValue<string>() == $"Running on CPU instead of cuda:0: {fallback}");
        Assert.Contains(log.Messages, m => m.Contains($"Running on CPU instead of cuda:0: {fallback}"));
        var chat = await http.PostAsync("v1/chat/completions", Api.Chat());
        Assert.Equal(HttpStatusCode.OK, chat.Status);
        await app.StopAsync();
    }

    [Fact]
    public async Task Cuda_without_fallback_stops_the_server_at_start_up_with_onnx_runtimes_reason()
    {
        var log = new CapturingLoggerProvider();
        await using var app = Build(log, "--device", "cuda:0", "--Models:FallbackToCpu=false");
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Lifetime.ApplicationStopping.Register(stopping.SetResult);
        await app.StartAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var failure = app.Services.GetRequiredService<ModelCatalog>().StartupFailure;
        Assert.NotNull(failure);
        Assert.StartsWith("Models:Device=cuda:0, but the cuda:0 device cannot be used: ", failure);
        Assert.EndsWith("Set Models:FallbackToCpu=true to run on CPU instead.", failure);
        Assert.DoesNotContain('\n', failure);
        AssertFlavoursReason(failure);
        Assert.Contains(log.Messages, m => m == $"Start-up failed: {failure}");
        await app.StopAsync();
    }

    private static void AssertFlavoursReason(string reason)
    {
        if (GpuPackage)
        {
            Assert.Contains("Failed to load library", reason);
            Assert.Contains("CUDA 13 and cuDNN 9", reason);
        }
        else
        {
            Assert.Contains("CUDA execution provider is not enabled in this build", reason);
            Assert.Contains("-p:OnnxRuntimeFlavor=Cuda", reason);
        }
    }

    private static WebApplication Build(CapturingLoggerProvider log, params string[] device) => InferenceServerApp.Build(
        ["--model", $"{TestModels.Id}={TestModels.LanguageModel}", "--reward-model", "none",
         "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error", .. device],
        builder =>
        {
            builder.Logging.AddProvider(log);
            builder.WebHost.UseTestServer();
        });

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
