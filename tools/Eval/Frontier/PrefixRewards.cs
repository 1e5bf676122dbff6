using System.IO.Compression;
using System.Text.Json;
using Inference.Engine.Tokenization;
using Inference.Eval.Data;
using Inference.Eval.Sampling;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Eval.Frontier;

/// <summary>
/// The reward model's score of every pool sample's text after its first c tokens, for each checkpoint c the sample
/// reached (NaN where it ended earlier): what early rejection would have judged. A pool keeps texts, not token ids, so
/// each text is encoded again with the LM's tokenizer and its first c tokens decoded; the encoding must give back
/// the sample's token count (less the final stop token), which is counted (<see cref="Mismatches"/>). Scores go through
/// the pipeline's <see cref="RewardModelVerifier"/>, as the pool's final rewards did (<see cref="PoolScorer"/>).
/// </summary>
public sealed class PrefixRewards
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public required IReadOnlyList<int> Checkpoints { get; init; }

    /// <summary>Per problem id: [checkpoint index][sample] -> P(correct) of the prefix, NaN when the sample ended before.</summary>
    public required Dictionary<string, double[][]> Scores { get; init; }

    public int Mismatches { get; init; }

    public static async Task<PrefixRewards> ComputeAsync(IReadOnlyList<PoolProblem> pool, IReadOnlyList<int> checkpoints, Tokenizer tokenizer,
        RewardModel reward, IProgress<int>? problemsDone, CancellationToken ct)
    {
        var verifier = new RewardModelVerifier(reward);
        var scores = new Dictionary<string, double[][]>();
        var mismatches = 0;
        foreach (var problem in pool)
        {
            var encoded = problem.Samples.Select(s => tokenizer.Encode(s.Text, addSpecialTokens: false)).ToArray();
            mismatches += problem.Samples.Where((s, j) => encoded[j].Length + (s.FinishReason == "stop" ? 1 : 0) != s.Tokens).Count();
            var texts = new List<Candidate>();
            var slots = new List<(int C, int Sample)>();
            for (var c = 0; c < checkpoints.Count; c++)
                for (var j = 0; j < problem.Samples.Count; j++)
                {
                    if (problem.Samples[j].Tokens < checkpoints[c]) continue;
                    var ids = encoded[j];
                    var prefix = checkpoints[c] >= ids.Length ? problem.Samples[j].Text : tokenizer.Decode(ids.AsSpan(0, checkpoints[c]), skipSpecialTokens: true);
                    texts.Add(new Candidate(texts.Count, prefix));
                    slots.Add((c, j));
                }
            var verdicts = await verifier.VerifyAsync(new VerificationRequest(problem.Prompt), texts, ct).ConfigureAwait(false);
            var table = checkpoints.Select(_ => Enumerable.Repeat(double.NaN, problem.Samples.Count).ToArray()).ToArray();
            for (var k = 0; k < slots.Count; k++)
                table[slots[k].C][slots[k].Sample] = verdicts[k].Score ?? throw new InvalidEvalInputException($"The reward model did not score a prefix of {problem.Id}: {verdicts[k].Reason}");
            scores[Key(problem)] = table;
            problemsDone?.Report(1);
        }
        return new PrefixRewards { Checkpoints = checkpoints, Scores = scores, Mismatches = mismatches };
    }

    public static string Key(PoolProblem problem) => $"{problem.Schedule}/{problem.Id}";

    public double[] At(PoolProblem problem, int checkpoint) => Scores[Key(problem)][IndexOf(checkpoint)];

    private int IndexOf(int checkpoint)
    {
        for (var i = 0; i < Checkpoints.Count; i++)
            if (Checkpoints[i] == checkpoint) return i;
        throw new InvalidEvalInputException($"No prefix rewards at checkpoint {checkpoint} (have {string.Join(", ", Checkpoints)}).");
    }

    /// <summary>Written gzip-compressed as JSON (NaN as null), so metrics can be recomputed without scoring again.</summary>
    public void Write(string path)
    {
        using var stream = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
        JsonSerializer.Serialize(stream, new Stored(Checkpoints, Scores.ToDictionary(kv => kv.Key,
            kv => kv.Value.Select(row => row.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray()).ToArray()), Mismatches), Json);
    }

    public static PrefixRewards Read(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var stored = JsonSerializer.Deserialize<Stored>(stream, Json) ?? throw new InvalidEvalInputException($"{path} holds no prefix rewards.");
        return new PrefixRewards
        {
            Checkpoints = stored.Checkpoints,
            Scores = stored.Scores.ToDictionary(kv => kv.Key, kv => kv.Value.Select(row => row.Select(v => v ?? double.NaN).ToArray()).ToArray()),
            Mismatches = stored.Mismatches,
        };
    }

    private sealed record Stored(IReadOnlyList<int> Checkpoints, Dictionary<string, double?[][]> Scores, int Mismatches);
}
