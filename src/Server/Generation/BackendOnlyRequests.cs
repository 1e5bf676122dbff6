using Inference.Pipeline.Requests;
using Inference.Server.Errors;
using Inference.Server.Models;

namespace Inference.Server.Generation;

/// <summary>
/// What needs this server's own tokenizer, refused by name for a model whose samples are drawn on backends: the
/// backends' samples come back as text, so a selected answer has no token ids here to score or echo, and remote
/// samples are drawn through the chat API only. Plain requests need none of this: they are proxied whole.
/// </summary>
public static class BackendOnlyRequests
{
    /// <summary>A chat request with test-time scaling: logprobs would have to be this server's, of tokens it never saw.</summary>
    public static void CheckChat(ServedModel model, ResolvedRequest resolved)
    {
        if (resolved.Selection is null || !model.DrawsOnBackends) return;
        if (resolved.Sampling.Logprobs)
            throw ApiException.BadRequest("logprobs",
                $"The samples of '{model.Id}' are drawn on backends and selected here by their text, so a selected answer carries no log-probabilities; " +
                "drop logprobs, or send the request without test-time scaling to get the backend's.");
    }

    /// <summary>A legacy completion with test-time scaling on a model served by backends only: its samples would have to
    /// be drawn through /v1/completions, which the sample pool does not speak.</summary>
    public static void CheckCompletion(ServedModel model, ResolvedRequest resolved, AliasSelection? alias)
    {
        if (resolved.Selection is null || !model.IsRemote) return;
        throw ApiException.BadRequest(alias is null ? "test_time_scaling" : "model",
            $"The model '{model.Id}' is served by backends only (Models:Remote): test-time scaling on it takes /v1/chat/completions; " +
            "/v1/completions requests without it are forwarded to a backend.");
    }
}
