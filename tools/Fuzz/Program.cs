using System.CommandLine;
using Inference.Fuzz;

// HTTP fuzzer and large-body burst for the inference server; see FuzzCommand.
return await FuzzCommand.Create().Parse(args).InvokeAsync();
