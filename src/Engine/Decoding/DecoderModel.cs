using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Decoding;

/// <summary>
/// Runs a decoder graph over a <see cref="KvCache"/>: a prompt into one slot (<see cref="Prefill"/>), then one token
/// for every bound row at each step (<see cref="Decode"/>), through an <see cref="OrtIoBinding"/> so that the cache and,
/// for float32 graphs, the logits are written where they live instead of into new tensors. Inputs are built in the
/// graph's own dtypes; logits come back as float32 (rows x vocab). The model is shared and holds no run state: each
/// decode loop's state (buffers, run options) is in its own cache.
/// On a GPU (<paramref name="cacheDevice"/>) a GroupQueryAttention graph's cache lives in device memory, bound in
/// place, so only the step's inputs and logits cross to the host; the appending layout, which copies rows between
/// steps, keeps its cache in host memory (ONNX Runtime moves it each step: correct, not fast).
/// </summary>
public sealed class DecoderModel(InferenceSession session, DecoderInterface decoder, OrtMemoryInfo? cacheDevice = null)
{
    public DecoderInterface Interface { get; } = decoder;

    public InferenceSession Session { get; } = session;

    public int VocabSize => Interface.VocabSize;

    /// <summary>A cache of <paramref name="slots"/> rows of <paramref name="capacity"/> positions in the layout this graph needs.</summary>
    public KvCache CreateCache(int slots, int capacity) => CreateCache(slots, capacity, copyRows: true);

    /// <param name="copyRows">False makes a host cache behave as a device cache does (no row copies), for tests.</param>
    internal KvCache CreateCache(int slots, int capacity, bool copyRows)
    {
        if (Interface.Placement != RowPlacement.FromStart) return new AppendingKvCache(Interface, slots, capacity);
        var allocator = cacheDevice is null ? null : new OrtAllocator(Session, cacheDevice);
        return new InPlaceKvCache(Interface, slots, capacity, allocator, copyRows);
    }

    /// <summary>
    /// Runs a prompt alone into a taken, empty <paramref name="slot"/> and writes the logits of its last position into
    /// <paramref name="logits"/> (vocab), or of every position (S x vocab, position-major) with
    /// <paramref name="allPositions"/>, what scoring a prompt needs.
    /// </summary>
    public void Prefill(KvCache cache, int slot, ReadOnlySpan<int> tokens, Span<float> logits, bool allPositions, CancellationToken cancellationToken)
    {
        var length = tokens.Length;
        var kept = allPositions ? length : 1;
        if (length == 0) throw new ArgumentException("A prefill needs at least one token.", nameof(tokens));
        if (length > cache.Capacity) throw new ArgumentException($"{length} tokens do not fit a row of {cache.Capacity} positions.", nameof(tokens));
        if (logits.Length < kept * VocabSize) throw new ArgumentException("The logits buffer is too small.", nameof(logits));
        using var binding = Session.CreateIoBinding();
        var inputs = cache.Inputs;
        try
        {
            var ids = inputs.Ids(1, length);
            for (var s = 0; s < length; s++) ids[s] = CheckToken(tokens[s]);
            // Logits first: the outputs come back in the order they were bound.
            binding.BindOutputToDevice(Interface.LogitsName, OrtMemoryInfo.DefaultInstance);
            cache.BindPrefill(binding, inputs, slot, length);
            inputs.Bind(binding);
            Session.RunWithBinding(binding, cancellationToken, cache.RunOptions);
            using var outputs = binding.GetOutputValues();
            var values = outputs.ToArray();
            CopyLogits(values[0], 1, length, kept, logits);
            cache.CompletePrefill(slot, length, values[1..]);
        }
        finally
        {
            inputs.Release();
            cache.EndRun();
        }
    }

    /// <summary>
    /// Feeds one token per bound row (<paramref name="tokens"/>[slot]; idle rows take any valid id), appends it to every
    /// busy row's cache and writes each bound row's logits into <paramref name="logits"/> (bound rows x vocab, by slot).
    /// Returns the number of bound rows.
    /// </summary>
    public unsafe int Decode(KvCache cache, ReadOnlySpan<int> tokens, Span<float> logits, CancellationToken cancellationToken)
    {
        cache.PrepareDecode();
        var rows = cache.BoundRows;
        if (rows == 0) throw new InvalidOperationException("No row is busy.");
        if (tokens.Length < rows) throw new ArgumentException($"{tokens.Length} tokens for {rows} bound rows.", nameof(tokens));
        var vocab = VocabSize;
        if (logits.Length < rows * vocab) throw new ArgumentException("The logits buffer is too small.", nameof(logits));
        using var binding = Session.CreateIoBinding();
        var inputs = cache.Inputs;
        OrtValue? logitsView = null;
        try
        {
            var ids = inputs.Ids(rows, 1);
            for (var r = 0; r < rows; r++) ids[r] = CheckToken(tokens[r]);
            fixed (float* destination = logits)
            {
                // Float32 logits are written straight into the caller's buffer; other types come back to be widened.
                if (Interface.LogitsType == TensorElementType.Float)
                {
                    logitsView = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                        [rows, 1, vocab], (nint)destination, (long)rows * vocab * sizeof(float));
                    binding.BindOutput(Interface.LogitsName, logitsView);
                }
                else
                {
                    binding.BindOutputToDevice(Interface.LogitsName, OrtMemoryInfo.DefaultInstance);
                }
                cache.BindDecode(binding, inputs);
                inputs.Bind(binding);
                Session.RunWithBinding(binding, cancellationToken, cache.RunOptions);
            }
            if (logitsView is null)
            {
                using var outputs = binding.GetOutputValues();
                CopyLogits(outputs.First(), rows, 1, 1, logits);
            }
            cache.CompleteDecode();
            return rows;
        }
        finally
        {
            logitsView?.Dispose();
            inputs.Release();
            cache.EndRun();
        }
    }

    private int CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabSize) throw new TokenIdOutOfRangeException(token, VocabSize);
        return token;
    }

    /// <summary>Copies the last <paramref name="kept"/> new positions of each row (row-major, then position) as float32.</summary>
    private void CopyLogits(OrtValue output, int rows, int sequence, int kept, Span<float> destination)
    {
        var vocab = VocabSize;
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        var width = (int)shape[2];
        if (width != vocab) throw new InvalidOperationException($"The model returned logits {width} wide; {vocab} were expected.");
        var outSequence = (int)shape[1];
        // Some exports return logits for the last position only; they cannot score earlier positions.
        if (kept > 1 && outSequence != sequence)
            throw new PromptScoringNotSupportedException(outSequence, sequence);
        var first = outSequence - kept;
        var span = kept * vocab;
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
            {
                var data = output.GetTensorDataAsSpan<float>();
                for (var r = 0; r < rows; r++)
                    data.Slice(((r * outSequence) + first) * vocab, span).CopyTo(destination.Slice(r * span, span));
                break;
            }
            case TensorElementType.Float16:
            {
                // Float16 and System.Half share the IEEE binary16 layout; the widening conversion is exact.
                var data = MemoryMarshal.Cast<Float16, Half>(output.GetTensorDataAsSpan<Float16>());
                for (var r = 0; r < rows; r++)
                    TensorPrimitives.ConvertToSingle(data.Slice(((r * outSequence) + first) * vocab, span), destination.Slice(r * span, span));
                break;
            }
            case TensorElementType.BFloat16:
            {
                // bfloat16 is the upper half of a float32: widening is a shift.
                var data = MemoryMarshal.Cast<BFloat16, ushort>(output.GetTensorDataAsSpan<BFloat16>());
                for (var r = 0; r < rows; r++)
                {
                    var row = data.Slice(((r * outSequence) + first) * vocab, span);
                    var target = destination.Slice(r * span, span);
                    for (var v = 0; v < span; v++) target[v] = BitConverter.UInt32BitsToSingle((uint)row[v] << 16);
                }
                break;
            }
            default:
                throw new InvalidOperationException($"Unsupported logits type {info.ElementDataType}.");
        }
    }
}
