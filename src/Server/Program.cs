using Inference.Server.Hosting;
using Inference.Server.Models;
using Microsoft.Extensions.Options;

if (CommandLineFlags.WantsHelp(args))
{
    Console.WriteLine(CommandLineFlags.Usage);
    return 0;
}

try
{
    var app = InferenceServerApp.Build(args);
    var catalog = app.Services.GetRequiredService<ModelCatalog>();
    if (catalog.ConfigurationError is { } noModel)
    {
        Console.Error.WriteLine($"No model can be served: {noModel}\n\n{CommandLineFlags.Usage}");
        return 1;
    }
    await app.RunAsync();
    if (catalog.StartupFailure is { } failure)
    {
        Console.Error.WriteLine("Start-up failed: " + failure);
        return 3;
    }
    return Environment.ExitCode;
}
catch (Exception ex) when (ex is OptionsValidationException or ArgumentException or InvalidOperationException { InnerException: OptionsValidationException })
{
    var failures = ex is OptionsValidationException v ? v.Failures : ex.InnerException is OptionsValidationException inner ? inner.Failures : [ex.Message];
    Console.Error.WriteLine("Configuration error: " + string.Join(Environment.NewLine, failures));
    return 2;
}
