using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Decoding;

/// <summary>Builds the integer inputs of a graph (token ids, masks, positions) in whichever of int32/int64 it declares.</summary>
public static class IdTensor
{
    /// <summary>A [rows, columns] tensor whose element (r, c) is <paramref name="value"/>(r, c), over a pinned managed array.</summary>
    public static OrtValue Create(TensorElementType type, int rows, int columns, Func<int, int, int> value)
    {
        if (type == TensorElementType.Int64)
        {
            var data = new long[rows * columns];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++) data[(r * columns) + c] = value(r, c);
            return OrtValue.CreateTensorValueFromMemory(data, [rows, columns]);
        }
        if (type != TensorElementType.Int32)
            throw new ArgumentException($"Integer inputs are int32 or int64, not {type}.", nameof(type));
        var ints = new int[rows * columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++) ints[(r * columns) + c] = value(r, c);
        return OrtValue.CreateTensorValueFromMemory(ints, [rows, columns]);
    }
}
