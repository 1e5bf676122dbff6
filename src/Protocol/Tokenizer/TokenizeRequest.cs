namespace Inference.Protocol;

/// <summary>POST /tokenize: a prompt, or messages rendered with the chat template first.</summary>
public sealed class TokenizeRequest
{
    public string? Model { get; set; }
    public string? Prompt { get; set; }
    public List<ChatMessageDto>? Messages { get; set; }
    public bool? AddGenerationPrompt { get; set; }

    /// <summary>Default true for a prompt, false for messages (the template already places special tokens).</summary>
    public bool? AddSpecialTokens { get; set; }

    public bool? ReturnTokenStrs { get; set; }
}
