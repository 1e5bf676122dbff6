namespace Inference.Runtime;

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    Layout = 3,
    All = 99,
}

/// <summary>ONNX Runtime's <c>ExecutionMode</c>.</summary>
public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
