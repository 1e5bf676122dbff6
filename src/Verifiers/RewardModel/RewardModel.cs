using System.Text.Json;
using Inference.Engine.Decoding;
using Inference.Engine.Packages;
using Inference.Engine.Templates;
using Inference.Engine.Tokenization;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Verifiers;

/// <summary>
/// A sequence-scoring ONNX model (an outcome reward model or any sequence classifier with the same interface):
/// inputs <c>input_ids</c> (int32/int64) and optionally <c>attention_mask</c>, right-padded; output one float per row
/// (shape [B] or [B, 1]). Texts are tokenized with the model folder's tokenizer and scored in batches. An optional
/// <c>reward_config.json</c> says what the number is (<c>score_type</c>: logit, probability or raw).
/// </summary>
public sealed class RewardModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly TensorElementType idsType;
    private readonly TensorElementType? maskType;
    private readonly string output;
    private readonly int padId;

    private RewardModel(string directory, InferenceSession session, Tokenizer tokenizer, ChatTemplate? template, int maxBatch,
        RewardScoreKind scoreKind)
    {
        Directory = directory;
        ScoreKind = scoreKind;
        this.session = session;
        Tokenizer = tokenizer;
        ChatTemplate = template;
        MaxBatch = maxBatch;
        var inputs = session.InputMetadata;
        var ids = inputs.GetValueOrDefault("input_ids")
                  ?? throw new ModelPackageException($"{directory}: the reward model has no 'input_ids' input (inputs: {string.Join(", ", inputs.Keys)}).");
        if (ids.ElementDataType is not (TensorElementType.Int32 or TensorElementType.Int64))
            throw new ModelPackageException($"{directory}: 'input_ids' is {ids.ElementDataType}; int32 or int64 expected.");
        idsType = ids.ElementDataType;
        maskType = inputs.GetValueOrDefault("attention_mask")?.ElementDataType;
        var unknown = inputs.Keys.Except(["input_ids", "attention_mask"]).ToArray();
        if (unknown.Length > 0)
            throw new ModelPackageException($"{directory}: unsupported reward model input(s) {string.Join(", ", unknown)}.");
        output = session.OutputNames[0];
        var scores = session.OutputMetadata[output];
        if (scores.ElementDataType != TensorElementType.Float || scores.Dimensions.Length is not (1 or 2))
            throw new ModelPackageException($"{directory}: the reward model's first output {ModelInputs.Describe(output, scores)} must be float [B] or [B, 1].");
        padId = tokenizer.SpecialTokens.Pad?.Id ?? tokenizer.SpecialTokens.Eos?.Id ?? 0;
    }

    public string Directory { get; }

    public Tokenizer Tokenizer { get; }

    public ChatTemplate? ChatTemplate { get; }

    public int MaxBatch { get; }

    /// <summary>What <see cref="Score"/> returns: logits, probabilities or unstated raw numbers.</summary>
    public RewardScoreKind ScoreKind { get; }

    public static RewardModel Load(string directory, int intraOpThreads = 0, int maxBatch = 32)
    {
        if (!System.IO.Directory.Exists(directory)) throw new ModelPackageException($"The reward model folder '{directory}' does not exist.");
        var file = Path.Combine(directory, "model.onnx");
        if (!File.Exists(file)) throw new ModelPackageException($"No model.onnx in the reward model folder '{directory}'.");
        var scoreKind = ReadScoreKind(directory);
        var tokenizer = Tokenizer.FromDirectory(directory);
        var template = ChatTemplateSource.Load(directory, tokenizer.Config);
        var (session, _) = SessionFactory.Create(file, configure: options =>
        {
            options.IntraOpNumThreads = intraOpThreads;
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        });
        try
        {
            return new RewardModel(Path.GetFullPath(directory), session, tokenizer, template, maxBatch, scoreKind);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static RewardScoreKind ReadScoreKind(string directory)
    {
        var file = Path.Combine(directory, "reward_config.json");
        if (!File.Exists(file)) return RewardScoreKind.Raw;
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(file));
            if (!config.RootElement.TryGetProperty("score_type", out var type)) return RewardScoreKind.Raw;
            return type.GetString() switch
            {
                "logit" => RewardScoreKind.Logit,
                "probability" => RewardScoreKind.Probability,
                "raw" => RewardScoreKind.Raw,
                var other => throw new ModelPackageException($"{file}: score_type '{other}' is not one of logit, probability, raw."),
            };
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException($"{file} is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            throw new ModelPackageException($"{file}: score_type must be a string (logit, probability or raw).");
        }
    }

    /// <summary>The text the model scores: the chat template's rendering of the user prompt with the generation
    /// prompt (or <paramref name="renderedPrompt"/> when the caller has it), followed by the response as generated.</summary>
    public string FormatText(string prompt, string response, string? renderedPrompt = null)
    {
        if (renderedPrompt is not null) return renderedPrompt + response;
        if (ChatTemplate is null) return prompt + response;
        var messages = new[] { TemplateValueConverter.FromObject(new Dictionary<string, object?> { ["role"] = "user", ["content"] = prompt }) };
        return ChatTemplate.Render(new ChatTemplateContext
        {
            Messages = messages,
            AddGenerationPrompt = true,
            BosToken = Tokenizer.SpecialTokens.Bos?.Content,
            EosToken = Tokenizer.SpecialTokens.Eos?.Content,
        }) + response;
    }

    /// <summary>Scores texts (one score per text, in order), <see cref="MaxBatch"/> rows per model run.</summary>
    public float[] Score(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var encoded = texts.Select(t => Tokenizer.Encode(t, addSpecialTokens: false)).ToArray();
        var scores = new float[texts.Count];
        // Similar lengths share a batch, so little padding is computed.
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += MaxBatch)
        {
            var batch = order.Skip(start).Take(MaxBatch).ToArray();
            var batchScores = ScoreBatch(batch.Select(i => encoded[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++) scores[batch[j]] = batchScores[j];
        }
        return scores;
    }

    private float[] ScoreBatch(int[][] rows, CancellationToken cancellationToken)
    {
        var width = Math.Max(1, rows.Max(r => r.Length));
        var names = new List<string> { "input_ids" };
        var values = new List<OrtValue> { IdTensor.Create(idsType, rows.Length, width, (r, c) => c < rows[r].Length ? rows[r][c] : padId) };
        try
        {
            if (maskType is { } type)
            {
                names.Add("attention_mask");
                values.Add(IdTensor.Create(type, rows.Length, width, (r, c) => c < rows[r].Length ? 1 : 0));
            }
            using var results = session.Run(names, values, [output], cancellationToken);
            return results.First().GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    public void Dispose() => session.Dispose();
}
