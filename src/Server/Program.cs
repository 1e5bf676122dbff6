using Inference.Server.Hosting;

if (CommandLineFlags.WantsHelp(args))
{
    Console.WriteLine(CommandLineFlags.Usage);
    return 0;
}

var app = InferenceServerApp.Build(args);
await app.RunAsync();
return 0;
