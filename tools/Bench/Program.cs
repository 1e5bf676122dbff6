using System.CommandLine;
using Inference.Bench.Commands;

// Benchmarks of the inference stack; one sub-command per benchmark (see Commands/).
var root = new RootCommand("Inference benchmarks")
{
    TokenizerCommand.Create(),
    EngineCommand.Create(),
    SamplerCommand.Create(),
    ConstrainedCommand.Create(),
    PeerCommand.Create(),
    AdmissionCommand.Create(),
};
return root.Parse(args).Invoke();
