using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Runtime;

/// <summary>
/// Checks inputs and requested outputs against a session's own metadata before it runs, so that a wrong name,
/// element type, rank or fixed dimension fails with a <see cref="ModelInputException"/> naming the input instead of
/// ONNX Runtime's error from deep inside the graph.
/// </summary>
public static class ModelInputs
{
    /// <summary>Every graph input is given once, each matches its declaration, and every output exists.</summary>
    public static void Check(InferenceSession session, IReadOnlyList<string> names, IReadOnlyList<OrtValue> values,
        IReadOnlyList<string> outputs)
    {
        if (names.Count != values.Count)
            throw new ArgumentException($"{names.Count} input names were given for {values.Count} values.");
        if (outputs.Count == 0) throw new ArgumentException("At least one output must be requested.", nameof(outputs));
        for (var i = 0; i < names.Count; i++) Check(session, names[i], values[i]);
        if (names.Count < session.InputMetadata.Count)
        {
            var missing = session.InputNames.Except(names).ToArray();
            if (missing.Length > 0) throw new ModelInputException(missing[0], $"Missing model input(s): {string.Join(", ", missing)}.");
        }
        foreach (var output in outputs)
            if (!session.OutputMetadata.ContainsKey(output))
                throw new ModelInputException(output, $"The model has no output '{output}'. Its outputs are: {string.Join(", ", session.OutputNames)}.");
    }

    /// <summary>One input (also before binding it to an <see cref="OrtIoBinding"/>).</summary>
    public static void Check(InferenceSession session, string name, OrtValue value)
    {
        if (!session.InputMetadata.TryGetValue(name, out var expected))
            throw new ModelInputException(name, $"The model has no input '{name}'. Its inputs are: {string.Join(", ", session.InputNames)}.");
        var actual = value.GetTensorTypeAndShape();
        if (actual.ElementDataType != expected.ElementDataType)
            throw new ModelInputException(name,
                $"Input '{name}' expects element type {expected.ElementDataType} but was given {actual.ElementDataType}.");
        var shape = actual.Shape;
        var dims = expected.Dimensions;
        if (shape.Length != dims.Length)
            throw new ModelInputException(name, $"Input '{name}' expects rank {dims.Length} ({Describe(name, expected)}) but was given shape [{string.Join(", ", shape)}].");
        for (var axis = 0; axis < dims.Length; axis++)
            if (dims[axis] >= 0 && shape[axis] != dims[axis])
                throw new ModelInputException(name,
                    $"Input '{name}' expects dimension {axis} to be {dims[axis]} ({Describe(name, expected)}) but was given shape [{string.Join(", ", shape)}].");
    }

    /// <summary>"name: Float[batch_size, 4]" (symbolic names where the graph gives them, "?" for other dynamic ones).</summary>
    public static string Describe(string name, NodeMetadata node)
    {
        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : i < node.SymbolicDimensions.Length && !string.IsNullOrEmpty(node.SymbolicDimensions[i]) ? node.SymbolicDimensions[i] : "?");
        var type = node.IsTensor ? node.ElementDataType.ToString() : node.OnnxValueType.ToString();
        return $"{name}: {type}[{string.Join(", ", dims)}]";
    }

    /// <summary>Bytes per element of a fixed-size tensor element type.</summary>
    public static int ElementSize(TensorElementType type) => TensorBase.GetElementTypeInfo(type)?.TypeSize
        ?? throw new NotSupportedException($"{type} has no fixed element size.");
}
