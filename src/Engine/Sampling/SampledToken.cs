namespace Inference.Engine.Sampling;

/// <summary>A token id with its log-probability.</summary>
public readonly record struct TokenLogprob(int TokenId, float Logprob);

/// <summary>
/// The token chosen for one position. <see cref="Logprob"/> and <see cref="TopLogprobs"/> come from the model's
/// distribution after logit bias and penalties, at temperature 1 and before top-k/top-p/min-p truncation: they
/// describe the model's confidence independently of the sampling temperature or schedule. For a constrained request
/// they are of the constrained distribution (renormalised over the tokens the grammar allows; disallowed tokens never
/// appear among the top ones), as vLLM reports them: its grammar bitmask is applied to the logits before its sampler
/// computes log-probabilities. They are computed only when the request asks for them
/// (<see cref="SamplingPlan.ComputesLogprob"/>): otherwise <see cref="Logprob"/> is NaN.
/// </summary>
public readonly record struct SampledToken(int TokenId, float Logprob, TokenLogprob[]? TopLogprobs, double Temperature);
