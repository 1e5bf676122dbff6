using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Packages;

/// <summary>How a decoder takes and returns its key/value cache.</summary>
public enum KvCacheLayout
{
    /// <summary>Optimum / model-builder: <c>past_key_values.{i}.key|value</c> of shape [B, kv_heads, T, head_dim].</summary>
    SeparateKeyValue,

    /// <summary>Older GPT-2 exports: <c>past_{i}</c> of shape [2, B, heads, T, head_dim] (key and value stacked).</summary>
    Combined,
}

/// <summary>
/// The cache tensors of one decoder: names of the past inputs and present outputs in matching order (for the
/// separate layout: key0, value0, key1, value1, ...), and their geometry.
/// </summary>
public sealed record KvCacheSpec(
    KvCacheLayout Layout,
    int Layers,
    int KvHeads,
    int HeadSize,
    TensorElementType ElementType,
    IReadOnlyList<string> PastNames,
    IReadOnlyList<string> PresentNames)
{
    /// <summary>Dimensions before the batch axis (the stacked key/value axis of the combined layout).</summary>
    public int LeadingBlocks => Layout == KvCacheLayout.Combined ? 2 : 1;

    /// <summary>The shape of one cache tensor for <paramref name="batch"/> rows of <paramref name="length"/> positions.</summary>
    public long[] Shape(int batch, int length) => Layout == KvCacheLayout.Combined
        ? [2, batch, KvHeads, length, HeadSize]
        : [batch, KvHeads, length, HeadSize];

    /// <summary>Bytes one position of one row takes across all cache tensors.</summary>
    public long BytesPerToken => (long)PastNames.Count * LeadingBlocks * KvHeads * HeadSize * ModelInputs.ElementSize(ElementType);
}
