using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Decoding;

/// <summary>
/// The key/value cache of the rows decoded together: one tensor per past input, all rows padded on the left to a
/// common length. Row r's real tokens occupy positions [Pads[r], Length); its attention mask is 0 before that.
/// After a step the model's presents become the next pasts as they are (no copy); only a change of rows (rows
/// joining, replicated, or leaving) copies the cache, dropping padding that no remaining row needs.
/// </summary>
public sealed class KvBatch : IDisposable
{
    private OrtValue[] tensors;
    private readonly List<int> pads;

    private KvBatch(KvCacheSpec spec, OrtValue[] tensors, List<int> pads, int length)
    {
        Spec = spec;
        this.tensors = tensors;
        this.pads = pads;
        Length = length;
    }

    public KvCacheSpec Spec { get; }

    public int Rows => pads.Count;

    /// <summary>Positions held per row, padding included.</summary>
    public int Length { get; private set; }

    public IReadOnlyList<int> Pads => pads;

    public IReadOnlyList<OrtValue> Tensors => tensors;

    /// <summary>Real (unpadded) tokens of row r.</summary>
    public int RealLength(int row) => Length - pads[row];

    /// <summary>Cache slots allocated (rows x length): what a KV budget counts.</summary>
    public long AllocatedTokens => (long)Rows * Length;

    /// <summary>An empty cache (length 0) for <paramref name="rows"/> rows, the input of a first step.</summary>
    public static KvBatch Empty(KvCacheSpec spec, int rows)
    {
        var tensors = spec.PastNames.Select(_ => Allocate(spec, rows, 0)).ToArray();
        return new KvBatch(spec, tensors, Enumerable.Repeat(0, rows).ToList(), 0);
    }

    /// <summary>Adopts a step's present tensors (one more position per row) as the cache; the old pasts are disposed.</summary>
    public void Advance(OrtValue[] presents, int newTokens = 1)
    {
        if (presents.Length != tensors.Length) throw new ArgumentException("One present tensor per past tensor is needed.");
        foreach (var old in tensors) old.Dispose();
        tensors = presents;
        Length += newTokens;
    }

    /// <summary>
    /// Builds a new cache from chosen rows of existing caches (in order; a row may be chosen several times to
    /// replicate it). The result is as short as its longest real row allows.
    /// </summary>
    public static KvBatch Gather(KvCacheSpec spec, IReadOnlyList<(KvBatch Source, int Row)> rows)
    {
        var newRows = rows.Count;
        var length = newRows == 0 ? 0 : rows.Max(r => r.Source.RealLength(r.Row));
        var newPads = rows.Select(r => length - r.Source.RealLength(r.Row)).ToList();
        var elementSize = ModelInputs.ElementSize(spec.ElementType);
        var tokenBytes = spec.HeadSize * elementSize;
        var result = new OrtValue[spec.PastNames.Count];
        // A cache kept in device memory is gathered on the host; the next step's run copies it back.
        var hostCopies = new Dictionary<OrtValue, OrtValue>();
        OrtValue OnHost(OrtValue tensor)
        {
            if (IsOnHost(tensor)) return tensor;
            if (!hostCopies.TryGetValue(tensor, out var copy)) hostCopies[tensor] = copy = CopyToHost(tensor);
            return copy;
        }
        try
        {
            for (var k = 0; k < result.Length; k++)
            {
                result[k] = Allocate(spec, newRows, length);
                if (newRows == 0 || length == 0) continue;
                var destination = result[k].GetTensorMutableRawData();
                for (var lead = 0; lead < spec.LeadingBlocks; lead++)
                    for (var r = 0; r < newRows; r++)
                    {
                        var (source, row) = rows[r];
                        var sourceBytes = OnHost(source.tensors[k]).GetTensorMutableRawData();
                        var real = source.RealLength(row);
                        for (var h = 0; h < spec.KvHeads; h++)
                        {
                            var dst = destination.Slice(Block(lead, r, h, newRows, length, spec) * tokenBytes, length * tokenBytes);
                            dst[..(newPads[r] * tokenBytes)].Clear();
                            var src = sourceBytes.Slice(
                                (Block(lead, row, h, source.Rows, source.Length, spec) + source.pads[row]) * tokenBytes, real * tokenBytes);
                            src.CopyTo(dst[(newPads[r] * tokenBytes)..]);
                        }
                    }
            }
        }
        catch
        {
            foreach (var tensor in result) tensor?.Dispose();
            throw;
        }
        finally
        {
            foreach (var copy in hostCopies.Values) copy.Dispose();
        }
        return new KvBatch(spec, result, newPads, length);
    }

    private static OrtValue Allocate(KvCacheSpec spec, int rows, int length)
        => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, spec.ElementType, spec.Shape(rows, length));

    private static bool IsOnHost(OrtValue tensor) => tensor.GetTensorMemoryInfo().Name is "Cpu" or "CudaPinned";

    /// <summary>A host copy of a tensor in device memory, through ONNX Runtime's data transfer for that device.</summary>
    private static OrtValue CopyToHost(OrtValue tensor)
    {
        var info = tensor.GetTensorTypeAndShape();
        var copy = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, info.Shape);
        try
        {
            OrtEnv.Instance().CopyTensors([tensor], [copy], null);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Index (in positions) of the first position of block (lead, row, head).</summary>
    private static int Block(int lead, int row, int head, int rows, int length, KvCacheSpec spec)
        => (((lead * rows) + row) * spec.KvHeads + head) * length;

    public void Dispose()
    {
        foreach (var tensor in tensors) tensor.Dispose();
        tensors = [];
    }
}
