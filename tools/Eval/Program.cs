using System.CommandLine;
using Inference.Eval;

// Pass@k / accuracy-vs-N evaluation of test-time scaling strategies on a JSONL dataset; see EvalCommand.
return await EvalCommand.Create().Parse(args).InvokeAsync();
