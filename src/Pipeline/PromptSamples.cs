using Inference.Engine.Generation;
using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>One prompt's samples as its waves come back: every sample (renumbered in the order drawn) and the
/// candidates among them (a sample rejected early is never one), with the seed of the next sample.</summary>
internal sealed class PromptSamples(long baseSeed)
{
    public List<SampleResult> Samples { get; } = new();

    public List<Candidate> Candidates { get; } = new();

    public int Waves { get; private set; }

    public int PromptTokens { get; private set; }

    public int CompletionTokens => Samples.Sum(s => s.Length);

    /// <summary>Sample i of a prompt uses seed base + i, however its samples were split into waves.</summary>
    public long NextSeed => baseSeed + Samples.Count;

    public void Add(GenerationResult wave, IAnswerExtractor extractor, EarlyRejectionRun? rejection)
    {
        Waves++;
        PromptTokens += wave.PromptTokens;
        foreach (var sample in wave.Samples)
        {
            var index = Samples.Count;
            Samples.Add(sample with { Index = index });
            // A rejected sample is not a candidate: its tokens count, its text is never chosen.
            if (rejection?.IsRejected(index) == true) continue;
            Candidates.Add(new Candidate(index, sample.Text, sample.Length, sample.LogprobSum).WithAnswerFrom(extractor));
        }
    }
}
