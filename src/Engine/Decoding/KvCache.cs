using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Decoding;

/// <summary>
/// The key/value cache of one decode loop: a fixed number of row slots, each holding up to <see cref="Capacity"/>
/// positions, allocated once. A request takes free slots and writes only its own rows; it leaves by freeing them: no
/// row of another request is copied when a request joins or finishes. The graph sees slots 0..<see cref="BoundRows"/>-1;
/// a free slot below the highest busy one rides along as an idle row (masked, one dummy token), which costs one row
/// of compute and no copy, and free slots are reused lowest first. How rows sit in the memory depends on the graph
/// (<see cref="RowPlacement"/>): <see cref="InPlaceKvCache"/> and <see cref="AppendingKvCache"/>.
/// Not thread-safe: one decode loop owns it, with the per-run state it carries (the step's input buffers and the
/// run options a cancellation terminates); it owns (and disposes) its buffers. The model itself is shared.
/// </summary>
public abstract class KvCache : IDisposable
{
    private readonly bool[] busy;
    private int busyCount;

    protected KvCache(DecoderInterface io, int slots, int capacity)
    {
        var spec = io.KvCache;
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "A cache holds at least one row.");
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A row holds at least two positions.");
        Spec = spec;
        Slots = slots;
        Capacity = capacity;
        busy = new bool[slots];
        Lengths = new int[slots];
        Inputs = new StepInputs(io);
    }

    /// <summary>The integer inputs of this loop's runs, reused from run to run.</summary>
    internal StepInputs Inputs { get; }

    /// <summary>The options of this loop's runs (a cancellation sets their terminate flag; it is reset after).</summary>
    internal RunOptions RunOptions { get; } = new();

    public KvCacheSpec Spec { get; }

    /// <summary>Rows at most.</summary>
    public int Slots { get; }

    /// <summary>Positions a row holds at most (its prompt plus everything it generates).</summary>
    public int Capacity { get; }

    /// <summary>KV positions (rows x positions, over all copies) allocated for the cache: what a KV budget counts.</summary>
    public abstract long AllocatedTokens { get; }

    /// <summary>How many copies of the slots the layout allocates (1 in place; 2 when the graph returns a new present).</summary>
    public abstract int Copies { get; }

    /// <summary>Rows the next decode step feeds the graph: slots 0..BoundRows-1, busy or idle.</summary>
    public abstract int BoundRows { get; }

    /// <summary>Tokens cached for each slot (0 for a free slot).</summary>
    protected int[] Lengths { get; }

    public int Length(int slot) => Lengths[slot];

    public bool IsBusy(int slot) => busy[slot];

    public int BusyRows => busyCount;

    public int FreeSlots => Slots - busyCount;

    /// <summary>The highest busy slot + 1 (0 when none is busy).</summary>
    protected int HighestBusy
    {
        get
        {
            for (var slot = Slots - 1; slot >= 0; slot--)
                if (busy[slot]) return slot + 1;
            return 0;
        }
    }

    /// <summary>Takes the lowest free slot (empty until a prefill or a replica fills it).</summary>
    public int Take()
    {
        var slot = Array.IndexOf(busy, false);
        if (slot < 0) throw new InvalidOperationException("Every slot of the KV cache is busy.");
        busy[slot] = true;
        busyCount++;
        Lengths[slot] = 0;
        return slot;
    }

    /// <summary>Frees a slot; its memory is reused by a later request, nothing is copied.</summary>
    public void Free(int slot)
    {
        if (!busy[slot]) throw new InvalidOperationException($"Slot {slot} is not busy.");
        busy[slot] = false;
        busyCount--;
        Lengths[slot] = 0;
        OnFreed(slot);
    }

    /// <summary>Frees every slot (after a failed step, whose writes may have left rows half updated).</summary>
    public void Reset()
    {
        for (var slot = 0; slot < Slots; slot++)
            if (busy[slot]) Free(slot);
    }

    protected virtual void OnFreed(int slot)
    {
    }

    /// <summary>Binds the cache inputs and outputs of a prefill of <paramref name="length"/> tokens into a taken, empty slot,
    /// and fills the step's attention mask and positions.</summary>
    internal abstract void BindPrefill(OrtIoBinding binding, StepInputs inputs, int slot, int length);

    /// <summary>Records the prefilled tokens; <paramref name="presents"/> are the graph's present outputs (unused in place).</summary>
    internal abstract void CompletePrefill(int slot, int length, IReadOnlyList<OrtValue> presents);

    /// <summary>
    /// Whether <see cref="Replicate"/> can copy rows (the cache is in host memory). A cache in device memory cannot:
    /// ONNX Runtime's C# API copies device memory only for plugin execution providers, so the other samples of a
    /// prompt are prefilled into their own slots instead.
    /// </summary>
    public virtual bool CanReplicate => true;

    /// <summary>Makes a taken, empty slot a copy of a busy one (the other samples of one prompt): only those rows are written.</summary>
    public abstract void Replicate(int source, int target);

    /// <summary>Makes room for one more position in every row, if the layout needs to (before <see cref="BoundRows"/> is read).</summary>
    internal virtual void PrepareDecode()
    {
    }

    /// <summary>Binds the cache of a decode step over <see cref="BoundRows"/> rows and fills its mask and positions.</summary>
    internal abstract void BindDecode(OrtIoBinding binding, StepInputs inputs);

    /// <summary>Records one more token in every busy row after a decode step ran.</summary>
    internal abstract void CompleteDecode();

    /// <summary>Releases what a run bound, whether it completed, failed or was cancelled (the cache is then as before it).</summary>
    internal virtual void EndRun()
    {
    }

    /// <summary>Copies <paramref name="bytes"/> within or between host buffers.</summary>
    protected static void Copy(TensorBuffer source, long sourceOffset, TensorBuffer target, long targetOffset, long bytes)
    {
        if (bytes == 0) return;
        // Slices of at most 1 GiB, so that a span's int length is never the limit.
        const int step = 1 << 30;
        for (long done = 0; done < bytes; done += step)
        {
            var length = (int)Math.Min(step, bytes - done);
            source.HostSlice(sourceOffset + done, length).CopyTo(target.HostSlice(targetOffset + done, length));
        }
    }

    protected abstract void Dispose(bool disposing);

    public void Dispose()
    {
        RunOptions.Dispose();
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
