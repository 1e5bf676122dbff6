namespace Inference.Runtime;

/// <summary>
/// A model input or output as the graph declares it. <see cref="Shape"/> holds -1 for a dynamic dimension, whose
/// name (e.g. "batch_size") is in <see cref="SymbolicDimensions"/> when the model gives one.
/// </summary>
public sealed record NodeMetadata(
    string Name,
    ValueKind Kind,
    TensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string?> SymbolicDimensions)
{
    public int Rank => Shape.Count;

    public override string ToString()
    {
        var dims = Shape.Select((d, i) => d >= 0 ? d.ToString() : SymbolicDimensions[i] ?? "?");
        return $"{Name}: {ElementType}[{string.Join(", ", dims)}]";
    }
}

/// <summary>ONNX Runtime's <c>ONNXType</c>: what kind of value an input or output is.</summary>
public enum ValueKind
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}
