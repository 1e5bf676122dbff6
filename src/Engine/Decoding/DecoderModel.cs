using Inference.Engine.Packages;
using Inference.Runtime;

namespace Inference.Engine.Decoding;

/// <summary>
/// Runs a decoder graph over a <see cref="KvBatch"/>: builds input_ids, attention_mask and position_ids for the
/// graph's own dtypes and layout, feeds the cache, and hands back the last position's logits per row as float32.
/// Position ids count only real tokens, so a left-padded row sees the same positions as when it runs alone.
/// With <paramref name="cacheDevice"/> set (a GPU provider), the run goes through an <see cref="IoBinding"/> that
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

            using var results = cacheDevice is null
                ? Session.Run(names, values, outputs, cancellationToken)
                : RunBound(names, values, outputs, cacheDevice, cancellationToken);
            CopyLogits(results[0], rows, sequence, kept, vocab, logits);
            var presents = new OrtValue[spec.PresentNames.Count];
            for (var k = 0; k < presents.Length; k++) presents[k] = results.Take(spec.PresentNames[k]);
            cache.Advance(presents, sequence);
        }
        finally
        {
            foreach (var value in owned) value.Dispose();
        }
    }

    private OrtValueList RunBound(List<string> names, List<OrtValue> values, string[] outputs, OrtMemoryInfo device,
        CancellationToken cancellationToken)
    {
        using var binding = Session.CreateIoBinding();
        for (var i = 0; i < names.Count; i++) binding.BindInput(names[i], values[i]);
        binding.BindOutput(outputs[0], OrtMemoryInfo.Cpu);
        for (var k = 1; k < outputs.Length; k++) binding.BindOutput(outputs[k], device);
        Session.Run(binding, cancellationToken);
        binding.SynchronizeOutputs();
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
        var width = (int)output.Dimension(2);
        if (width != vocab) throw new InvalidOperationException($"The model returned logits {width} wide; {vocab} were expected.");
        var outSequence = (int)output.Dimension(1);
        // Some exports return logits for the last position only; they cannot score earlier positions.
        if (kept > 1 && outSequence != sequence)
            throw new PromptScoringNotSupportedException(outSequence, sequence);
        var first = (outSequence == sequence ? sequence : outSequence) - kept;
        var span = kept * vocab;
        switch (output.ElementType)
        {
            case TensorElementType.Float:
            {
                var data = output.GetTensorData<float>();
                for (var r = 0; r < rows; r++)
                    data.Slice(((r * outSequence) + first) * vocab, span).CopyTo(destination.Slice(r * span, span));
                break;
            }
            case TensorElementType.Float16:
            {
                var data = output.GetTensorData<Half>();
                for (var r = 0; r < rows; r++)
                {
                    var row = data.Slice(((r * outSequence) + first) * vocab, span);
                    var target = destination.Slice(r * span, span);
                    for (var v = 0; v < span; v++) target[v] = (float)row[v];
                }
                break;
            }
            case TensorElementType.BFloat16:
            {
                var data = output.GetTensorData<BFloat16>();
                for (var r = 0; r < rows; r++)
                {
                    var row = data.Slice(((r * outSequence) + first) * vocab, span);
                    var target = destination.Slice(r * span, span);
                    for (var v = 0; v < span; v++) target[v] = (float)row[v];
                }
                break;
            }
            default:
                throw new InvalidOperationException($"Unsupported logits type {output.ElementType}.");
        }
    }
}
