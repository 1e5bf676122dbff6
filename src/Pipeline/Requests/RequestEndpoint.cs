namespace Inference.Pipeline.Requests;

/// <summary>Which OpenAI endpoint's rules a request follows (they differ in the default max_tokens and logprobs).</summary>
public enum RequestEndpoint
{
    /// <summary>/v1/chat/completions, and the embedded client for every call.</summary>
    Chat,

    /// <summary>/v1/completions (legacy).</summary>
    Completions,
}
