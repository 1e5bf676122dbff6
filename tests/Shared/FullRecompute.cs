using System.Runtime.InteropServices;
using Inference.Engine.Packages;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Testing;

/// <summary>
/// The reference cached decoding is checked against: the whole sequence through the graph at once, with an empty
/// past, one row, no padding (what "the row run alone, without a cache" means). Built here on the plain ONNX Runtime
/// API, not on the engine's decoder, so that it shares none of the code it checks.
/// </summary>
public static class FullRecompute
{
    /// <summary>Logits of every position of <paramref name="tokens"/> (S rows of vocab floats).</summary>
    public static float[][] Logits(ModelPackage package, IReadOnlyList<int> tokens)
    {
        var io = package.Decoder.Interface;
        var session = package.Session;
        var length = tokens.Count;
        var names = new List<string>();
        var values = new List<OrtValue>();
        void Add(string name, OrtValue value)
        {
            names.Add(name);
            values.Add(value);
        }
        try
        {
            Add(io.InputIdsName, Integers(io.InputIdsType, tokens.Select(t => (long)t).ToArray(), length));
            if (io.AttentionMaskName is { } mask) Add(mask, Integers(io.AttentionMaskType, Enumerable.Repeat(1L, length).ToArray(), length));
            if (io.PositionIdsName is { } positions) Add(positions, Integers(io.PositionIdsType, Enumerable.Range(0, length).Select(i => (long)i).ToArray(), length));
            foreach (var past in io.KvCache.PastNames)
                Add(past, OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, io.KvCache.ElementType, io.KvCache.Shape(1, 0)));
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, names, values, [io.LogitsName]);
            var logits = outputs[0];
            var shape = logits.GetTensorTypeAndShape().Shape;
            var vocab = (int)shape[2];
            var floats = Floats(logits);
            var kept = (int)shape[1];
            return Enumerable.Range(0, kept).Select(s => floats.AsSpan(s * vocab, vocab).ToArray()).ToArray();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    /// <summary>Logits of the last position.</summary>
    public static float[] LastLogits(ModelPackage package, IReadOnlyList<int> tokens) => Logits(package, tokens)[^1];

    /// <summary>The greedy continuation: argmax of the last position, appended, <paramref name="steps"/> times.</summary>
    public static int[] Greedy(ModelPackage package, IReadOnlyList<int> prompt, int steps)
    {
        var sequence = prompt.ToList();
        for (var i = 0; i < steps; i++)
        {
            var logits = LastLogits(package, sequence);
            sequence.Add(Array.IndexOf(logits, logits.Max()));
        }
        return sequence.Skip(prompt.Count).ToArray();
    }

    private static OrtValue Integers(TensorElementType type, long[] data, int length) => type == TensorElementType.Int64
        ? OrtValue.CreateTensorValueFromMemory(data, [1, length])
        : OrtValue.CreateTensorValueFromMemory(data.Select(v => (int)v).ToArray(), [1, length]);

    private static float[] Floats(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
        TensorElementType.Float16 => MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).ToArray().Select(h => (float)h).ToArray(),
        TensorElementType.BFloat16 => MemoryMarshal.Cast<BFloat16, ushort>(value.GetTensorDataAsSpan<BFloat16>()).ToArray()
            .Select(b => BitConverter.UInt32BitsToSingle((uint)b << 16)).ToArray(),
        var other => throw new NotSupportedException($"Logits of type {other}."),
    };
}
