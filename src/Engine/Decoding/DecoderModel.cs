using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Decoding;

/// <summary>
/// Runs a decoder graph over a <see cref="KvBatch"/>: builds input_ids, attention_mask and position_ids for the
/// graph's own dtypes and layout, feeds the cache, and hands back the last position's logits per row as float32.
/// Position ids count only real tokens, so a left-padded row sees the same positions as when it runs alone.
/// With <paramref name="cacheDevice"/> set (a GPU provider), the run goes through an <see cref="OrtIoBinding"/> that
/// leaves the present tensors in device memory, so the cache stays on the device from step to step; only logits
/// come back to the host.
/// </summary>
public sealed class DecoderModel(InferenceSession session, DecoderInterface decoder, OrtMemoryInfo? cacheDevice = null)
{
    public DecoderInterface Interface { get; } = decoder;

    public InferenceSession Session { get; } = session;

    public int VocabSize => Interface.VocabSize;

    /// <summary>
    /// Feeds <paramref name="tokens"/> ([rows][S], the same S for every row) after the cached positions, advances the
    /// cache, and writes the logits of each row's last new position into <paramref name="logits"/> (rows x vocab).
    /// </summary>
    public void Forward(KvBatch cache, int[][] tokens, Span<float> logits, CancellationToken cancellationToken)
        => Run(cache, tokens, logits, allPositions: false, cancellationToken);

    /// <summary>
    /// Feeds one row's <paramref name="tokens"/> (S of them) after the cached positions, advances the cache, and writes
    /// the logits of every new position into <paramref name="logits"/> (S x vocab, position-major): what scoring a
    /// prompt needs. A separate entry point so that the ordinary prefill copies only its last position.
    /// </summary>
    public void ForwardAllPositions(KvBatch cache, int[] tokens, Span<float> logits, CancellationToken cancellationToken)
    {
        if (cache.Rows != 1) throw new ArgumentException($"Every position's logits are kept for a single row; the cache has {cache.Rows}.");
        Run(cache, [tokens], logits, allPositions: true, cancellationToken);
    }

    private void Run(KvBatch cache, int[][] tokens, Span<float> logits, bool allPositions, CancellationToken cancellationToken)
    {
        var rows = cache.Rows;
        if (tokens.Length != rows) throw new ArgumentException($"{tokens.Length} token rows for a cache of {rows} rows.");
        var sequence = tokens[0].Length;
        var total = cache.Length + sequence;
        var vocab = VocabSize;
        var kept = allPositions ? sequence : 1;
        if (logits.Length < rows * kept * vocab) throw new ArgumentException("The logits buffer is too small.");

        var names = new List<string>(3 + cache.Tensors.Count);
        var values = new List<OrtValue>(3 + cache.Tensors.Count);
        var owned = new List<OrtValue>(3);
        try
        {
            names.Add(Interface.InputIdsName);
            owned.Add(IdTensor.Create(Interface.InputIdsType, rows, sequence, (r, s) => CheckToken(tokens[r][s])));
            values.Add(owned[^1]);
            if (Interface.AttentionMaskName is { } maskName)
            {
                names.Add(maskName);
                owned.Add(IdTensor.Create(Interface.AttentionMaskType, rows, total, (r, j) => j >= cache.Pads[r] ? 1 : 0));
                values.Add(owned[^1]);
            }
            if (Interface.PositionIdsName is { } positionName)
            {
                names.Add(positionName);
                owned.Add(IdTensor.Create(Interface.PositionIdsType, rows, sequence, (r, s) => cache.RealLength(r) + s));
                values.Add(owned[^1]);
            }
            var spec = Interface.KvCache;
            for (var k = 0; k < spec.PastNames.Count; k++)
            {
                names.Add(spec.PastNames[k]);
                values.Add(cache.Tensors[k]);
            }

            var outputs = new string[1 + spec.PresentNames.Count];
            outputs[0] = Interface.LogitsName;
            for (var k = 0; k < spec.PresentNames.Count; k++) outputs[k + 1] = spec.PresentNames[k];

            var results = cacheDevice is null
                ? Session.Run(names, values, outputs, cancellationToken)
                : RunBound(names, values, outputs, cacheDevice, cancellationToken);
            var adopted = false;
            try
            {
                // Outputs come back in the order requested: logits, then the presents, which the cache adopts as they are.
                var list = results.ToArray();
                CopyLogits(list[0], rows, sequence, kept, vocab, logits);
                cache.Advance(list.Skip(1).ToArray(), sequence);
                adopted = true;
                list[0].Dispose();
            }
            finally
            {
                if (!adopted) results.Dispose();
            }
        }
        finally
        {
            foreach (var value in owned) value.Dispose();
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> RunBound(List<string> names, List<OrtValue> values, string[] outputs,
        OrtMemoryInfo device, CancellationToken cancellationToken)
    {
        ModelInputs.Check(Session, names, values, outputs);
        using var binding = Session.CreateIoBinding();
        for (var i = 0; i < names.Count; i++) binding.BindInput(names[i], values[i]);
        binding.BindOutputToDevice(outputs[0], OrtMemoryInfo.DefaultInstance);
        for (var k = 1; k < outputs.Length; k++) binding.BindOutputToDevice(outputs[k], device);
        Session.RunWithBinding(binding, cancellationToken);
        binding.SynchronizeBoundOutputs();
        return binding.GetOutputValues();
    }

    private int CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabSize) throw new TokenIdOutOfRangeException(token, VocabSize);
        return token;
    }

    /// <summary>Copies the last <paramref name="kept"/> new positions of each row (row-major, then position) as float32.</summary>
    private static void CopyLogits(OrtValue output, int rows, int sequence, int kept, int vocab, Span<float> destination)
    {
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        var width = (int)shape[2];
        if (width != vocab) throw new InvalidOperationException($"The model returned logits {width} wide; {vocab} were expected.");
        var outSequence = (int)shape[1];
        // Some exports return logits for the last position only; they cannot score earlier positions.
        if (kept > 1 && outSequence != sequence)
            throw new PromptScoringNotSupportedException(outSequence, sequence);
        var first = (outSequence == sequence ? sequence : outSequence) - kept;
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
