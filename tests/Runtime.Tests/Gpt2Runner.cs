namespace Inference.Runtime.Tests;

/// <summary>Runs the GPT-2 fixture (int32 ids, combined past_i [2, B, 4, past, 8]) with plain arrays.</summary>
internal sealed class Gpt2Runner(InferenceSession session)
{
    public const int Layers = 5;
    public const int Heads = 4;
    public const int HeadSize = 8;
    public const int Vocab = 1000;

    public sealed record StepResult(float[] Logits, float[][] Presents, long[] LogitsShape);

    /// <param name="ids">[batch][seq] token ids.</param>
    /// <param name="pasts">null for the first step, otherwise the presents of the previous step.</param>
    public StepResult Run(int[][] ids, float[][]? pasts, int pastLength, CancellationToken token = default)
    {
        var batch = ids.Length;
        var seq = ids[0].Length;
        var total = pastLength + seq;
        var inputIds = ids.SelectMany(r => r).ToArray();
        var positions = Enumerable.Range(0, batch).SelectMany(_ => Enumerable.Range(pastLength, seq)).ToArray();
        var mask = Enumerable.Repeat(1, batch * total).ToArray();
        var names = new List<string> { "input_ids", "position_ids", "attention_mask" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensor(inputIds, batch, seq),
            OrtValue.CreateTensor(positions, batch, seq),
            OrtValue.CreateTensor(mask, batch, total),
        };
        for (var layer = 0; layer < Layers; layer++)
        {
            names.Add($"past_{layer}");
            var past = pasts?[layer] ?? [];
            values.Add(OrtValue.CreateTensor(past, 2, batch, Heads, pastLength, HeadSize));
        }
        var outputs = new List<string> { "logits" };
        outputs.AddRange(Enumerable.Range(0, Layers).Select(l => $"present_{l}"));
        try
        {
            using var results = session.Run(names, values, outputs, token);
            var logits = results["logits"];
            return new StepResult(
                logits.GetTensorData<float>().ToArray(),
                Enumerable.Range(0, Layers).Select(l => results[$"present_{l}"].GetTensorData<float>().ToArray()).ToArray(),
                logits.Shape);
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    /// <summary>Logits of the last position of each row: [batch][vocab].</summary>
    public static float[][] LastLogits(StepResult result)
    {
        var (batch, seq) = ((int)result.LogitsShape[0], (int)result.LogitsShape[1]);
        return Enumerable.Range(0, batch)
            .Select(b => result.Logits.AsSpan(((b * seq) + seq - 1) * Vocab, Vocab).ToArray())
            .ToArray();
    }
}
