using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>
/// One prompt token scored by the model: log p(token | the tokens before it) and the most likely alternatives at that
/// position, both from the model's raw distribution (log-softmax of the logits: no temperature, penalties or logit
/// bias, which belong to sampling). The first prompt token has no prefix, so its <see cref="Logprob"/> and
/// <see cref="TopLogprobs"/> are null.
/// </summary>
public sealed record PromptTokenLogprob(int TokenId, float? Logprob, TokenLogprob[]? TopLogprobs);
