using System.Globalization;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Packages;

/// <summary>
/// Works out a decoder's interface from the graph's inputs and outputs. The graph wins over the configs; where a
/// config disagrees with the graph a warning is recorded. Layouts this engine cannot drive are rejected by name.
/// </summary>
public static class DecoderInterfaceDiscovery
{
    private static readonly (string Key, string Value)[] SeparatePastTemplates =
        [("past_key_values.%d.key", "past_key_values.%d.value"), ("past_key.%d", "past_value.%d")];
    private static readonly string[] CombinedPastTemplates = ["past_%d", "past_key_values.%d", "past.%d"];
    private static readonly (string Key, string Value)[] SeparatePresentTemplates =
        [("present.%d.key", "present.%d.value"), ("present_key_values.%d.key", "present_key_values.%d.value"), ("present_key.%d", "present_value.%d")];
    private static readonly string[] CombinedPresentTemplates = ["present_%d", "present.%d", "present_key_values.%d"];

    public static DecoderInterface Discover(
        IReadOnlyDictionary<string, NodeMetadata> inputs,
        IReadOnlyDictionary<string, NodeMetadata> outputs,
        GenAiConfig? genAi,
        HuggingFaceConfig? hf,
        string modelFile,
        IReadOnlySet<string> operators,
        ICollection<string> warnings)
    {
        var inputByName = inputs;
        var outputByName = outputs;
        string Configured(IReadOnlyDictionary<string, string>? names, string key) =>
            names is not null && names.TryGetValue(key, out var value) ? value : key;

        var idsName = Configured(genAi?.Inputs, "input_ids");
        if (!inputByName.TryGetValue(idsName, out var ids))
            throw new ModelPackageException($"{modelFile}: the decoder has no '{idsName}' input. Its inputs: {List(inputs)}.");
        if (ids.ElementDataType is not (TensorElementType.Int32 or TensorElementType.Int64))
            throw new ModelPackageException($"{modelFile}: '{idsName}' is {ids.ElementDataType}; only int32 and int64 token ids are supported.");

        var maskName = Configured(genAi?.Inputs, "attention_mask");
        var mask = inputByName.GetValueOrDefault(maskName);
        var positionsName = Configured(genAi?.Inputs, "position_ids");
        var positions = inputByName.GetValueOrDefault(positionsName);
        foreach (var (key, name) in genAi?.Inputs ?? new Dictionary<string, string>())
            if (!name.Contains("%d") && !inputByName.ContainsKey(name))
                warnings.Add($"genai_config.json lists the input '{name}' ({key}) but {Path.GetFileName(modelFile)} has no such input; it is not fed.");
        foreach (var (name, optional) in new[] { (maskName, mask), (positionsName, positions) })
            if (optional is not null && optional.ElementDataType is not (TensorElementType.Int32 or TensorElementType.Int64))
                throw new ModelPackageException($"{modelFile}: '{name}' is {optional.ElementDataType}; only int32 and int64 are supported.");

        var kv = DiscoverCache(inputByName, outputByName, genAi, hf, modelFile, warnings);

        var used = new HashSet<string>(kv.PastNames) { idsName };
        if (mask is not null) used.Add(maskName);
        if (positions is not null) used.Add(positionsName);
        var unknown = inputs.Where(i => !used.Contains(i.Key)).Select(i => ModelInputs.Describe(i.Key, i.Value)).ToArray();
        if (unknown.Length > 0)
            throw new ModelPackageException($"{modelFile}: unsupported decoder input(s) {string.Join(", ", unknown)} " +
                                            "(supported: input_ids, attention_mask, position_ids and past key/values).");

        var logitsName = Configured(genAi?.Outputs, "logits");
        if (!outputByName.TryGetValue(logitsName, out var logits))
            throw new ModelPackageException($"{modelFile}: the decoder has no '{logitsName}' output. Its outputs: {List(outputs)}.");
        if (logits.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.BFloat16))
            throw new ModelPackageException($"{modelFile}: logits are {logits.ElementDataType}; only float32, float16 and bfloat16 are supported.");
        if (logits.Dimensions.Length != 3)
            throw new ModelPackageException($"{modelFile}: logits have rank {logits.Dimensions.Length} ({ModelInputs.Describe(logitsName, logits)}); expected [batch, sequence, vocab].");
        var configVocab = genAi?.VocabSize ?? hf?.VocabSize;
        var vocab = logits.Dimensions[2] > 0 ? logits.Dimensions[2]
            : configVocab ?? throw new ModelPackageException($"{modelFile}: the logits width is dynamic and no config gives vocab_size.");
        if (configVocab is { } cv && cv != vocab)
            warnings.Add($"The config says vocab_size {cv} but the graph's logits are {vocab} wide; using {vocab}.");

        var placement = Placement(operators, kv, mask is null ? null : maskName, positions is null ? null : positionsName, modelFile);
        return new DecoderInterface(idsName, ids.ElementDataType, mask is null ? null : maskName, mask?.ElementDataType ?? TensorElementType.Int64,
            positions is null ? null : positionsName, positions?.ElementDataType ?? TensorElementType.Int64, logitsName, logits.ElementDataType, vocab, kv,
            placement);
    }

    /// <summary>
    /// Where rows must sit in the cache (<see cref="RowPlacement"/>), from the attention operator the graph uses.
    /// Rows of different lengths can share a batch only when the graph can tell them apart: GroupQueryAttention through
    /// the mask's sums, every other attention through a per-key mask plus position ids. A graph without those inputs
    /// would decode a batched row wrongly, so it is refused here rather than guessed at.
    /// </summary>
    private static RowPlacement Placement(IReadOnlySet<string> operators, KvCacheSpec kv, string? mask, string? positions, string modelFile)
    {
        const string groupQuery = "com.microsoft.GroupQueryAttention";
        if (operators.Contains(groupQuery))
        {
            if (mask is null)
                throw new ModelPackageException($"{modelFile}: the graph uses GroupQueryAttention but has no attention_mask input; " +
                                                "the engine feeds each row's length through the mask (onnxruntime-genai builder layout).");
            if (kv.Layout != KvCacheLayout.SeparateKeyValue)
                throw new ModelPackageException($"{modelFile}: the graph uses GroupQueryAttention with a combined past; only separate key/value pasts are supported for it.");
            return RowPlacement.FromStart;
        }
        if (mask is null || positions is null)
            throw new ModelPackageException($"{modelFile}: the graph has no {(mask is null ? "attention_mask" : "position_ids")} input, " +
                                            "so rows of different lengths cannot share a batch (their padding and positions would be wrong). " +
                                            "Supported: GroupQueryAttention exports with attention_mask (onnxruntime-genai model builder), " +
                                            "or exports with attention_mask and position_ids (Optimum, torch.onnx).");
        return RowPlacement.LeftPadded;
    }

    private static KvCacheSpec DiscoverCache(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs,
        GenAiConfig? genAi, HuggingFaceConfig? hf, string modelFile, ICollection<string> warnings)
    {
        var separateTemplates = genAi?.Inputs.TryGetValue("past_key_names", out var pk) == true && genAi.Inputs.TryGetValue("past_value_names", out var pv)
            ? SeparatePastTemplates.Prepend((pk, pv)).ToArray() : SeparatePastTemplates;
        var combinedTemplates = genAi?.Inputs.TryGetValue("past_names", out var pn) == true
            ? CombinedPastTemplates.Prepend(pn).ToArray() : CombinedPastTemplates;

        foreach (var (key, value) in separateTemplates)
        {
            var layers = CountLayers(inputs, key);
            if (layers == 0) continue;
            var past = Enumerable.Range(0, layers).SelectMany(i => new[] { Format(key, i), Format(value, i) }).ToArray();
            var presentTemplates = genAi?.Outputs.TryGetValue("present_key_names", out var ok) == true && genAi.Outputs.TryGetValue("present_value_names", out var ov)
                ? SeparatePresentTemplates.Prepend((ok, ov)) : SeparatePresentTemplates;
            var present = presentTemplates
                .Select(t => Enumerable.Range(0, layers).SelectMany(i => new[] { Format(t.Item1, i), Format(t.Item2, i) }).ToArray())
                .FirstOrDefault(names => names.All(outputs.ContainsKey))
                ?? throw new ModelPackageException($"{modelFile}: found past inputs '{past[0]}'... but no matching present outputs. Outputs: {List(outputs)}.");
            return Geometry(KvCacheLayout.SeparateKeyValue, past, present, inputs, genAi, hf, modelFile, warnings);
        }
        foreach (var template in combinedTemplates)
        {
            var layers = CountLayers(inputs, template);
            if (layers == 0 || inputs[Format(template, 0)].Dimensions.Length != 5) continue;
            var past = Enumerable.Range(0, layers).Select(i => Format(template, i)).ToArray();
            var presentTemplates = genAi?.Outputs.TryGetValue("present_names", out var on) == true
                ? CombinedPresentTemplates.Prepend(on) : CombinedPresentTemplates;
            var present = presentTemplates
                .Select(t => Enumerable.Range(0, layers).Select(i => Format(t, i)).ToArray())
                .FirstOrDefault(names => names.All(outputs.ContainsKey))
                ?? throw new ModelPackageException($"{modelFile}: found past inputs '{past[0]}'... but no matching present outputs. Outputs: {List(outputs)}.");
            return Geometry(KvCacheLayout.Combined, past, present, inputs, genAi, hf, modelFile, warnings);
        }
        throw new ModelPackageException($"{modelFile}: no key/value cache inputs were recognised (expected past_key_values.%d.key/value " +
                                        $"[B, kv_heads, T, head_dim] or past_%d [2, B, heads, T, head_dim]). Inputs: {List(inputs)}.");
    }

    private static KvCacheSpec Geometry(KvCacheLayout layout, string[] past, string[] present, IReadOnlyDictionary<string, NodeMetadata> inputs,
        GenAiConfig? genAi, HuggingFaceConfig? hf, string modelFile, ICollection<string> warnings)
    {
        var first = inputs[past[0]];
        var expectedRank = layout == KvCacheLayout.Combined ? 5 : 4;
        var types = past.Select(n => inputs[n].ElementDataType).Distinct().ToArray();
        if (types.Length != 1)
            throw new ModelPackageException($"{modelFile}: past key/value inputs mix element types {string.Join(", ", types)}.");
        if (types[0] is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.BFloat16))
            throw new ModelPackageException($"{modelFile}: the KV cache is {types[0]}; only float32, float16 and bfloat16 are supported.");
        foreach (var name in past)
            if (inputs[name].Dimensions.Length != expectedRank)
                throw new ModelPackageException($"{modelFile}: '{name}' has rank {inputs[name].Dimensions.Length} ({ModelInputs.Describe(name, inputs[name])}); the {layout} layout needs rank {expectedRank}.");

        var offset = layout == KvCacheLayout.Combined ? 1 : 0;
        var layers = layout == KvCacheLayout.Combined ? past.Length : past.Length / 2;
        var configHeads = genAi?.NumKeyValueHeads ?? hf?.NumKeyValueHeads ?? hf?.NumAttentionHeads;
        var configHeadSize = genAi?.HeadSize ?? hf?.HeadDim ??
                             (hf?.HiddenSize is { } hidden && hf.NumAttentionHeads is { } heads ? hidden / heads : null);
        var kvHeads = Dimension(past[0], first, offset + 1, configHeads, "number of key/value heads", modelFile);
        var headSize = Dimension(past[0], first, offset + 3, configHeadSize, "head size", modelFile);
        if (configHeads is { } ch && ch != kvHeads) warnings.Add($"The config says {ch} key/value heads but the graph has {kvHeads}; using {kvHeads}.");
        if (configHeadSize is { } chs && chs != headSize) warnings.Add($"The config says head size {chs} but the graph has {headSize}; using {headSize}.");
        var configLayers = genAi?.NumHiddenLayers ?? hf?.NumHiddenLayers;
        if (configLayers is { } cl && cl != layers) warnings.Add($"The config says {cl} layers but the graph has {layers}; using {layers}.");
        return new KvCacheSpec(layout, layers, kvHeads, headSize, types[0], past, present);
    }

    private static int Dimension(string name, NodeMetadata input, int axis, int? configured, string what, string modelFile)
    {
        var dim = input.Dimensions[axis];
        if (dim > 0) return dim;
        return configured ?? throw new ModelPackageException($"{modelFile}: the {what} of '{name}' is dynamic ({ModelInputs.Describe(name, input)}) and no config gives it.");
    }

    private static int CountLayers(IReadOnlyDictionary<string, NodeMetadata> inputs, string template)
    {
        var layers = 0;
        while (inputs.ContainsKey(Format(template, layers))) layers++;
        return layers;
    }

    private static string Format(string template, int layer) => template.Replace("%d", layer.ToString(CultureInfo.InvariantCulture));

    private static string List(IReadOnlyDictionary<string, NodeMetadata> nodes) => string.Join(", ", nodes.Select(n => ModelInputs.Describe(n.Key, n.Value)));
}
