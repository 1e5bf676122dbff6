using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Decoding;

/// <summary>
/// The cache of a GroupQueryAttention graph (<see cref="RowPlacement.FromStart"/>): one buffer per past input,
/// [slots, kv_heads, capacity, head_size], bound as both the past and the present of every run, so the op writes each
/// step's keys and values in place (ONNX Runtime detects the shared buffer by its pointer, as onnxruntime-genai's
/// past_present_share_buffer uses it; exact against rows run alone, tests/fixtures/LAYOUTS.md). Row r's tokens are at
/// positions 0..Length(r)-1 of slot r and the mask tells the op each row's length by its sum: ones for the row's
/// tokens and the new one, zeros after, as wide as the longest row. A prefill runs alone through a view of its own
/// slot. Nothing moves after that: no copy per step, on admission or on completion (a replica copies its own rows).
/// The buffers live where the model runs: host memory, or the device's memory through its allocator (CUDA), where the
/// step's keys and values never leave the device.
/// </summary>
public sealed class InPlaceKvCache : KvCache
{
    private readonly TensorBuffer[] buffers;
    private readonly long rowBytes;
    private readonly long positionBytes;
    // Views are created once per shape: the bound prefix of the batch, and each slot on its own.
    private readonly Dictionary<int, OrtValue[]> batchViews = new();
    private readonly OrtValue[]?[] slotViews;

    private readonly OrtAllocator? deviceAllocator;
    private readonly bool hostCopies;

    /// <summary>A cache in host memory.</summary>
    public InPlaceKvCache(DecoderInterface io, int slots, int capacity) : this(io, slots, capacity, null, hostCopies: true)
    {
    }

    /// <param name="deviceAllocator">Allocates the buffers in a device's memory (the cache owns and disposes it); null: host memory.</param>
    /// <param name="hostCopies">Whether rows may be copied on the host (false also for host memory, to exercise the device path on a CPU).</param>
    internal InPlaceKvCache(DecoderInterface io, int slots, int capacity, OrtAllocator? deviceAllocator, bool hostCopies) : base(io, slots, capacity)
    {
        var spec = io.KvCache;
        this.deviceAllocator = deviceAllocator;
        this.hostCopies = hostCopies && deviceAllocator is null;
        if (spec.Layout != KvCacheLayout.SeparateKeyValue)
            throw new ArgumentException("An in-place cache needs separate key and value pasts.", nameof(spec));
        positionBytes = (long)spec.HeadSize * ModelInputs.ElementSize(spec.ElementType);
        rowBytes = spec.KvHeads * capacity * positionBytes;
        buffers = new TensorBuffer[spec.PastNames.Count];
        try
        {
            for (var k = 0; k < buffers.Length; k++)
                buffers[k] = deviceAllocator is null ? TensorBuffer.AllocateHost(slots * rowBytes) : TensorBuffer.Allocate(deviceAllocator, slots * rowBytes);
        }
        catch
        {
            foreach (var buffer in buffers) buffer?.Dispose();
            throw;
        }
        slotViews = new OrtValue[]?[slots];
    }

    public override long AllocatedTokens => (long)Slots * Capacity;

    public override int Copies => 1;

    public override int BoundRows => HighestBusy;

    internal override void BindPrefill(OrtIoBinding binding, StepInputs inputs, int slot, int length)
    {
        var mask = inputs.Mask(1, length);
        mask.Fill(1);
        if (inputs.HasPositions)
        {
            var positions = inputs.Positions(1, length);
            for (var s = 0; s < length; s++) positions[s] = s;
        }
        var views = slotViews[slot] ??= buffers.Select(b => b.View(Spec.ElementType, Spec.Shape(1, Capacity), slot * rowBytes)).ToArray();
        BindShared(binding, views);
    }

    internal override void CompletePrefill(int slot, int length, IReadOnlyList<OrtValue> presents) => Lengths[slot] = length;

    public override bool CanReplicate => hostCopies;

    public override void Replicate(int source, int target)
    {
        if (!hostCopies) throw new NotSupportedException("This cache's rows cannot be copied; prefill the slot instead.");
        var length = Lengths[source];
        foreach (var buffer in buffers)
            for (var head = 0; head < Spec.KvHeads; head++)
            {
                var offset = head * Capacity * positionBytes;
                Copy(buffer, (source * rowBytes) + offset, buffer, (target * rowBytes) + offset, length * positionBytes);
            }
        Lengths[target] = length;
    }

    internal override void BindDecode(OrtIoBinding binding, StepInputs inputs)
    {
        var rows = BoundRows;
        var width = 1;
        for (var r = 0; r < rows; r++) width = Math.Max(width, Lengths[r] + 1);
        var mask = inputs.Mask(rows, width);
        // An idle row keeps one position (a sum of 0 would make seqlens_k -1): the op writes its dummy token at
        // position 0 of a free slot, which the next prefill there overwrites.
        for (var r = 0; r < rows; r++) mask.Slice(r * width, IsBusy(r) ? Lengths[r] + 1 : 1).Fill(1);
        if (inputs.HasPositions)
        {
            var positions = inputs.Positions(rows, 1);
            for (var r = 0; r < rows; r++) positions[r] = IsBusy(r) ? Lengths[r] : 0;
        }
        if (!batchViews.TryGetValue(rows, out var views))
            batchViews[rows] = views = buffers.Select(b => b.View(Spec.ElementType, Spec.Shape(rows, Capacity))).ToArray();
        BindShared(binding, views);
    }

    internal override void CompleteDecode()
    {
        var rows = BoundRows;
        for (var r = 0; r < rows; r++)
            if (IsBusy(r)) Lengths[r]++;
    }

    private void BindShared(OrtIoBinding binding, OrtValue[] views)
    {
        for (var k = 0; k < views.Length; k++)
        {
            binding.BindInput(Spec.PastNames[k], views[k]);
            binding.BindOutput(Spec.PresentNames[k], views[k]);
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var views in batchViews.Values)
            foreach (var view in views) view.Dispose();
        batchViews.Clear();
        foreach (var views in slotViews)
            foreach (var view in views ?? []) view.Dispose();
        Array.Clear(slotViews);
        foreach (var buffer in buffers) buffer.Dispose();
        deviceAllocator?.Dispose();
    }
}
