using System.CommandLine;
using Inference.LoadTest;

// Load generator for the inference server (OpenAI-compatible HTTP API); see LoadTestCommand.
return await LoadTestCommand.Create().Parse(args).InvokeAsync();
