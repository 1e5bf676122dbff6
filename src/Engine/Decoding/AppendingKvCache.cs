using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Decoding;

/// <summary>
/// The cache of a graph that returns a new present one position longer than its past (<see cref="RowPlacement.LeftPadded"/>:
/// MultiHeadAttention, the legacy Attention op, plain-operator attention). ONNX Runtime copies the past into that
/// present at every step whatever we do, so the cheapest correct layout is the dense one the graph wants: the batch's
/// past is [bound rows, heads, width, head_size] packed in one of two buffers, the step writes its present into the
/// other (bound as the output, so no tensor is allocated per step) and they swap. Rows are left-padded: row r's tokens
/// occupy columns [start(r), width), every step appends one column to all rows, and the mask hides the rest.
/// A request joins by writing its prompt into its own row at the right of the current width, and leaves by freeing
/// its row (an idle row is masked). Only three events re-lay the batch out (one copy, the size of one step's own
/// present): a prompt longer than the current width (every row gets more left padding), the width reaching the row
/// capacity (the padding no row needs is cut), and, for the combined GPT-2 layout whose keys of all rows precede
/// their values, a row beyond the bound rows.
/// </summary>
public sealed class AppendingKvCache : KvCache
{
    private readonly TensorBuffer[][] buffers;
    private readonly int[] starts;
    private readonly long positionBytes;
    private readonly int heads;
    private readonly OrtValue empty;
    private readonly OrtValue[] emptyPasts;
    private int current;
    private int width;
    private int bound;

    public AppendingKvCache(DecoderInterface io, int slots, int capacity) : base(io, slots, capacity)
    {
        var spec = io.KvCache;
        heads = spec.KvHeads;
        positionBytes = (long)spec.HeadSize * ModelInputs.ElementSize(spec.ElementType);
        var bytes = spec.LeadingBlocks * (long)slots * heads * capacity * positionBytes;
        buffers = [new TensorBuffer[spec.PastNames.Count], new TensorBuffer[spec.PastNames.Count]];
        try
        {
            foreach (var copy in buffers)
                for (var k = 0; k < copy.Length; k++) copy[k] = TensorBuffer.AllocateHost(bytes);
            empty = buffers[0][0].View(spec.ElementType, spec.Shape(1, 0));
        }
        catch
        {
            foreach (var buffer in buffers.SelectMany(b => b)) buffer?.Dispose();
            throw;
        }
        emptyPasts = Enumerable.Repeat(empty, spec.PastNames.Count).ToArray();
        starts = new int[slots];
    }

    public override long AllocatedTokens => 2L * Slots * Capacity;

    public override int Copies => 2;

    public override int BoundRows => bound;

    /// <summary>Columns every bound row has (the batch's width, padding included).</summary>
    public int Width => width;

    internal override void BindPrefill(OrtIoBinding binding, StepInputs inputs, int slot, int length)
    {
        inputs.Mask(1, length).Fill(1);
        if (inputs.HasPositions)
        {
            var positions = inputs.Positions(1, length);
            for (var s = 0; s < length; s++) positions[s] = s;
        }
        // The prompt runs alone on an empty past; its presents (ONNX Runtime's) are then placed in the slot's row.
        for (var k = 0; k < emptyPasts.Length; k++)
        {
            binding.BindInput(Spec.PastNames[k], emptyPasts[k]);
            binding.BindOutputToDevice(Spec.PresentNames[k], OrtMemoryInfo.DefaultInstance);
        }
    }

    internal override void CompletePrefill(int slot, int length, IReadOnlyList<OrtValue> presents)
    {
        if (BusyRows == 1)
        {
            // The batch was empty: it starts over at the prompt's width.
            width = length;
            bound = 0;
        }
        else if (length > width)
        {
            Relayout(bound, length, length - width);
        }
        Include(slot);
        for (var k = 0; k < presents.Count; k++)
        {
            var source = presents[k].GetTensorMutableRawData();
            for (var block = 0; block < Spec.LeadingBlocks; block++)
                for (var head = 0; head < heads; head++)
                {
                    var bytes = (int)(length * positionBytes);
                    var from = ((block * heads) + head) * bytes;
                    var target = buffers[current][k].HostSlice(Offset(block, slot, head, width - length, bound, width), bytes);
                    source.Slice(from, bytes).CopyTo(target);
                }
        }
        starts[slot] = width - length;
        Lengths[slot] = length;
    }

    public override void Replicate(int source, int target)
    {
        Include(target);
        var length = Lengths[source];
        foreach (var buffer in buffers[current])
            for (var block = 0; block < Spec.LeadingBlocks; block++)
                for (var head = 0; head < heads; head++)
                    Copy(buffer, Offset(block, source, head, starts[source], bound, width),
                        buffer, Offset(block, target, head, starts[source], bound, width), length * positionBytes);
        starts[target] = starts[source];
        Lengths[target] = length;
    }

    internal override void PrepareDecode()
    {
        if (width + 1 > Capacity) Trim();
    }

    internal override void BindDecode(OrtIoBinding binding, StepInputs inputs)
    {
        var mask = inputs.Mask(bound, width + 1);
        for (var r = 0; r < bound; r++)
        {
            // A row sees its own columns and the new one; an idle row only the new one.
            var from = IsBusy(r) ? starts[r] : width;
            mask.Slice((r * (width + 1)) + from, width + 1 - from).Fill(1);
        }
        if (inputs.HasPositions)
        {
            var positions = inputs.Positions(bound, 1);
            for (var r = 0; r < bound; r++) positions[r] = IsBusy(r) ? Lengths[r] : 0;
        }
        var past = buffers[current];
        var present = buffers[1 - current];
        for (var k = 0; k < past.Length; k++)
        {
            binding.BindInput(Spec.PastNames[k], Track(past[k].View(Spec.ElementType, Spec.Shape(bound, width))));
            binding.BindOutput(Spec.PresentNames[k], Track(present[k].View(Spec.ElementType, Spec.Shape(bound, width + 1))));
        }
    }

    internal override void CompleteDecode()
    {
        current = 1 - current;
        width++;
        for (var r = 0; r < bound; r++)
            if (IsBusy(r)) Lengths[r]++;
    }

    internal override void EndRun()
    {
        foreach (var view in stepViews) view.Dispose();
        stepViews.Clear();
    }

    private readonly List<OrtValue> stepViews = new();

    private OrtValue Track(OrtValue view)
    {
        stepViews.Add(view);
        return view;
    }

    protected override void OnFreed(int slot)
    {
        if (BusyRows == 0)
        {
            bound = 0;
            width = 0;
            return;
        }
        // Trailing idle rows leave the bound range for free where rows are the outer axis; the combined layout keeps
        // them (dropping them would move every value block) until a re-layout.
        if (Spec.LeadingBlocks == 1) bound = HighestBusy;
    }

    /// <summary>Brings <paramref name="slot"/> inside the bound rows.</summary>
    private void Include(int slot)
    {
        if (slot < bound) return;
        if (Spec.LeadingBlocks == 1 || bound == 0) bound = slot + 1;
        else Relayout(slot + 1, width, 0);
    }

    /// <summary>Cuts the left padding every busy row has (the width reached the capacity).</summary>
    private void Trim()
    {
        var cut = int.MaxValue;
        for (var r = 0; r < bound; r++)
            if (IsBusy(r)) cut = Math.Min(cut, starts[r]);
        // A busy row that starts at column 0 would hold a full capacity of tokens: it ended before this step.
        if (cut is 0 or int.MaxValue) throw new InvalidOperationException($"The batch is {width} wide and no padding can be cut.");
        Relayout(HighestBusy, width - cut, -cut);
    }

    /// <summary>Copies every busy row into the other buffer with a new row count and width, each shifted by
    /// <paramref name="shift"/> columns, and makes it the current one.</summary>
    private void Relayout(int newBound, int newWidth, int shift)
    {
        var from = buffers[current];
        var to = buffers[1 - current];
        for (var r = 0; r < Math.Min(bound, newBound); r++)
        {
            if (!IsBusy(r) || Lengths[r] == 0) continue;
            for (var k = 0; k < from.Length; k++)
                for (var block = 0; block < Spec.LeadingBlocks; block++)
                    for (var head = 0; head < heads; head++)
                        Copy(from[k], Offset(block, r, head, starts[r], bound, width),
                            to[k], Offset(block, r, head, starts[r] + shift, newBound, newWidth), Lengths[r] * positionBytes);
            starts[r] += shift;
        }
        current = 1 - current;
        bound = newBound;
        width = newWidth;
    }

    /// <summary>Byte offset of (block, row, head, column) in a buffer laid out for <paramref name="rows"/> x <paramref name="columns"/>.</summary>
    private long Offset(int block, int row, int head, int column, int rows, int columns)
        => ((((long)block * rows + row) * heads + head) * columns + column) * positionBytes;

    protected override void Dispose(bool disposing)
    {
        EndRun();
        empty.Dispose();
        foreach (var buffer in buffers.SelectMany(b => b)) buffer.Dispose();
    }
}
