using Inference.Server.Hosting;
using Inference.Server.Models;
using Inference.Server.ScaleOut;
using Microsoft.Extensions.Options;

if (CommandLineFlags.WantsHelp(args))
{
    Console.WriteLine(CommandLineFlags.Usage);
    return 0;
}

WebApplication? app = null;
ModelCatalog? catalog = null;
try
{
    // Start-up failures are reported here, once, in one line; the host would log them again with a stack trace.
    app = InferenceServerApp.Build(args, builder => builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical));
    // Every option is validated before anything starts, so a bad value stops the server before it listens.
    app.Services.GetService<IStartupValidator>()?.Validate();
    catalog = app.Services.GetRequiredService<ModelCatalog>();
    var backendProblems = app.Services.GetRequiredService<BackendPools>().Problems(catalog.Models.Select(m => m.Id).ToList(), catalog.Remote).ToList();
    if ((catalog.ConfigurationError ?? (backendProblems.Count > 0 ? string.Join(" ", backendProblems) : null)) is { } problem)
    {
        Console.Error.WriteLine($"Configuration error: {problem} (--help lists the options)");
        return StartupErrors.ExitCode;
    }
    await app.StartAsync();
}
catch (Exception ex) when (StartupErrors.Describe(ex, app?.Configuration) is { } line)
{
    Console.Error.WriteLine(line);
    await StopStartedServices(app);
    return StartupErrors.ExitCode;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"The server failed to start: {ex}");
    await StopStartedServices(app);
    return 1;
}
await app.WaitForShutdownAsync();
if (catalog.StartupFailure is { } failure)
{
    // A model that could not start as configured (e.g. CUDA missing with Models:FallbackToCpu false) stopped the host.
    Console.Error.WriteLine("Start-up failed: " + failure);
    return 3;
}
return Environment.ExitCode;

// The model loader starts before Kestrel binds: when binding fails, stop it and wait for a load in flight, or the
// process would exit while ONNX Runtime is creating a session on another thread (seen as SIGSEGV/SIGABRT at exit and
// stray ONNX Runtime lines on stderr).
static async Task StopStartedServices(WebApplication? app)
{
    if (app is null) return;
    try
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
    catch (Exception)
    {
        // Best effort: the start-up error was already reported, and it decides the exit code.
    }
}
