using Inference.Engine.Generation;
using Inference.Pipeline.Sources;
using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>One prompt's samples as its waves come back: every sample (renumbered in the order drawn) and the
/// candidates among them (a sample rejected early is never one), what each source delivered, and the next draw.</summary>
internal sealed class PromptSamples(long baseSeed)
{
    private int drawn;

    public List<SampleResult> Samples { get; } = new();

    public List<Candidate> Candidates { get; } = new();

    public List<SourceShare> Shares { get; } = new();

    /// <summary>Why a wave delivered fewer samples than it asked for, one entry per such wave.</summary>
    public List<string> Shortfalls { get; } = new();

    public int Waves { get; private set; }

    public int PromptTokens { get; private set; }

    /// <summary>The prompt's length as the first wave's source counted it.</summary>
    public int PromptLength { get; private set; }

    public int CompletionTokens => Samples.Sum(s => s.Length);

    /// <summary>The seed of the next sample drawn (base + samples drawn so far).</summary>
    public long NextSeed => baseSeed + drawn;

    /// <summary>The next wave of <paramref name="count"/> samples. Seeds continue where the previous wave stopped,
    /// whatever it delivered: sample i of a prompt is seeded base + i, however its samples were split into waves.</summary>
    public SampleDraw NextDraw(PipelineRequest request, int count, QueueAdmission admission)
    {
        var draw = new SampleDraw(request.PromptTokens, request.Sampling, baseSeed, drawn, count, admission, request.Upstream);
        drawn += count;
        return draw;
    }

    public void Add(DrawnSamples wave, IAnswerExtractor extractor, EarlyRejectionRun? rejection)
    {
        if (Waves++ == 0) PromptLength = wave.PromptLength;
        PromptTokens += wave.PromptTokens;
        Shares.AddRange(wave.Shares);
        if (wave.Shortfall is { } shortfall) Shortfalls.Add(shortfall);
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
