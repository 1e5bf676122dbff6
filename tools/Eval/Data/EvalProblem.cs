namespace Inference.Eval.Data;

/// <summary>One dataset line: a prompt and the reference answer it must produce.</summary>
public sealed record EvalProblem(string Id, string Prompt, string Answer);
