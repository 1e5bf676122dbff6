using Inference.Engine.Constraints;
using Inference.Engine.Sampling;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Generation;

/// <summary>One sample being decoded: its sampling state, its tokens and its text so far.</summary>
internal sealed class DecodeRow(ActiveRequest owner, int sampleIndex, SequenceState state, StreamingDecoder detokenizer)
{
    private readonly List<int> tokens = new();
    private readonly List<float>? logprobs = owner.Request.Sampling.Logprobs || owner.Request.Sampling.TopLogprobs > 0 ? new() : null;
    private readonly List<TokenLogprob[]>? topLogprobs = owner.Request.Sampling.TopLogprobs > 0 ? new() : null;
    private readonly StopStringMatcher stops = new(owner.Request.Sampling.StopStrings);
    private double logprobSum;
    private readonly bool scored = owner.Plan.ComputesLogprob;
    private readonly ConstraintMatcher? constraint = owner.Plan.Constraint?.CreateMatcher();

    public ActiveRequest Owner { get; } = owner;

    public int SampleIndex { get; } = sampleIndex;

    public SequenceState State { get; } = state;

    public int LastToken => tokens[^1];

    /// <summary>The KV cache slot the row decodes in (-1 before it has one).</summary>
    public int Slot { get; set; } = -1;

    /// <summary>What the sampler needs of this row.</summary>
    public SamplingRow Sampling => new(State, Owner.Plan, constraint);

    public bool Finished { get; private set; }

    /// <summary>Takes a sampled token; finishes the row when it stops or reaches a limit.</summary>
    public void Accept(SampledToken token, IReadOnlyList<int> stopTokenIds, int contextLength, bool skipSpecialTokens)
    {
        var p = Owner.Request.Sampling;
        tokens.Add(token.TokenId);
        State.Accept(token.TokenId);
        if (scored) logprobSum += token.Logprob;
        logprobs?.Add(token.Logprob);
        if (token.TopLogprobs is not null) topLogprobs?.Add(token.TopLogprobs);

        // The sampler suppresses stop tokens until min_tokens, so a stop token here ends the sample.
        if (stopTokenIds.Contains(token.TokenId))
        {
            Finish(FinishReason.Stop, detokenizer.Flush());
            return;
        }
        // The sampler masks what the grammar refuses; a refused token here means the grammar had nothing to offer.
        var offGrammar = constraint is not null && !constraint.TryAdvance(token.TokenId);
        var delta = stops.Add(detokenizer.Add(token.TokenId));
        if (stops.Matched is not null)
        {
            Owner.Emit(new TokenGenerated(SampleIndex, token.TokenId, delta, token.Logprob, token.TopLogprobs));
            Finish(FinishReason.Stop, "");
            return;
        }
        Owner.Emit(new TokenGenerated(SampleIndex, token.TokenId, delta, token.Logprob, token.TopLogprobs));
        var left = p.MaxTokens - State.Generated;
        if (constraint is not null && !offGrammar && constraint.MustStop(left, Owner.CanSampleStopToken && State.Generated >= p.MinTokens))
            Finish(FinishReason.Stop, detokenizer.Flush());
        else if (left <= 0 || offGrammar || Owner.Request.PromptTokens.Count + State.Generated >= contextLength)
            Finish(constraint?.IsAccepting == true && !offGrammar ? FinishReason.Stop : FinishReason.Length, stops.Add(detokenizer.Flush()) + stops.Flush());
    }

    /// <summary>Ends a row that may sample nothing (max_tokens 0 when only the prompt is scored).</summary>
    public void FinishUnsampled() => Finish(FinishReason.Length, "");

    public void Cancel() => Finish(FinishReason.Cancelled, stops.Add(detokenizer.Flush()) + stops.Flush());

    /// <summary>Ends the row because its caller stopped it; it keeps the tokens it had.</summary>
    public void Reject() => Finish(FinishReason.Rejected, stops.Add(detokenizer.Flush()) + stops.Flush());

    private void Finish(FinishReason reason, string finalDelta)
    {
        if (Finished) return;
        Finished = true;
        if (reason == FinishReason.Stop && stops.Matched is null) finalDelta = stops.Add(finalDelta) + stops.Flush();
        var result = new SampleResult(SampleIndex, stops.Text, tokens.ToArray(), reason, scored ? logprobSum : null, State.Seed, stops.Matched,
            logprobs?.ToArray(), topLogprobs?.ToArray());
        Owner.Finish(result, finalDelta);
    }
}
