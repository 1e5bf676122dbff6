using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Packages;

/// <summary>The inputs and outputs of a decoder graph, as discovered from the session's own metadata.</summary>
public sealed record DecoderInterface(
    string InputIdsName,
    TensorElementType InputIdsType,
    string? AttentionMaskName,
    TensorElementType AttentionMaskType,
    string? PositionIdsName,
    TensorElementType PositionIdsType,
    string LogitsName,
    TensorElementType LogitsType,
    int VocabSize,
    KvCacheSpec KvCache,
    RowPlacement Placement)
{
    public override string ToString() =>
        $"ids {InputIdsType}, mask {(AttentionMaskName is null ? "none" : AttentionMaskType.ToString())}, " +
        $"position_ids {(PositionIdsName is null ? "none" : PositionIdsType.ToString())}, logits {LogitsType}[{VocabSize}], " +
        $"KV {KvCache.Layout} {KvCache.ElementType} x{KvCache.Layers} layers, {KvCache.KvHeads} kv heads, head size {KvCache.HeadSize}, rows {Placement}";
}
