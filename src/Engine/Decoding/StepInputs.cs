using Inference.Engine.Packages;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Decoding;

/// <summary>
/// The integer inputs of one graph run (token ids, attention mask, position ids), filled as int64 in arrays reused from
/// run to run and handed to the graph in its own element types. The tensors live until <see cref="Release"/>.
/// </summary>
internal sealed class StepInputs
{
    private readonly DecoderInterface io;
    private readonly IntegerInput ids;
    private readonly IntegerInput mask;
    private readonly IntegerInput positions;
    private readonly List<OrtValue> bound = new();

    public StepInputs(DecoderInterface io)
    {
        this.io = io;
        ids = new IntegerInput(io.InputIdsType);
        mask = new IntegerInput(io.AttentionMaskType);
        positions = new IntegerInput(io.PositionIdsType);
    }

    public bool HasPositions => io.PositionIdsName is not null;

    /// <summary>A zeroed [rows, columns] block for the token ids.</summary>
    public Span<long> Ids(int rows, int columns) => ids.Fill(rows, columns);

    /// <summary>A zeroed [rows, columns] block for the attention mask.</summary>
    public Span<long> Mask(int rows, int columns) => mask.Fill(rows, columns);

    /// <summary>A zeroed [rows, columns] block for the position ids (filled only when the graph takes them).</summary>
    public Span<long> Positions(int rows, int columns) => positions.Fill(rows, columns);

    /// <summary>Binds what was filled since the last <see cref="Release"/>.</summary>
    public void Bind(OrtIoBinding binding)
    {
        Bind(binding, io.InputIdsName, ids);
        if (io.AttentionMaskName is { } maskName) Bind(binding, maskName, mask);
        if (io.PositionIdsName is { } positionsName) Bind(binding, positionsName, positions);
    }

    private void Bind(OrtIoBinding binding, string name, IntegerInput input)
    {
        var tensor = input.ToTensor();
        bound.Add(tensor);
        binding.BindInput(name, tensor);
    }

    /// <summary>Disposes the tensors of the last run (after it ended).</summary>
    public void Release()
    {
        foreach (var tensor in bound) tensor.Dispose();
        bound.Clear();
    }

    private sealed class IntegerInput(TensorElementType type)
    {
        private long[] values = [];
        private int[] narrow = [];
        private int rows;
        private int columns;

        public Span<long> Fill(int rowCount, int columnCount)
        {
            rows = rowCount;
            columns = columnCount;
            var count = rows * columns;
            if (values.Length < count) values = new long[Math.Max(count, values.Length * 2)];
            var span = values.AsSpan(0, count);
            span.Clear();
            return span;
        }

        public OrtValue ToTensor()
        {
            var count = rows * columns;
            long[] shape = [rows, columns];
            if (type == TensorElementType.Int64)
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(0, count), shape);
            if (narrow.Length < count) narrow = new int[values.Length];
            for (var i = 0; i < count; i++) narrow[i] = checked((int)values[i]);
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, narrow.AsMemory(0, count), shape);
        }
    }
}
