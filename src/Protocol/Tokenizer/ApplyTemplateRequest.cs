namespace Inference.Protocol;

/// <summary>POST /apply-template: the exact text the chat template renders for these messages.</summary>
public sealed class ApplyTemplateRequest
{
    public string? Model { get; set; }
    public List<ChatMessageDto>? Messages { get; set; }
    public bool? AddGenerationPrompt { get; set; }
}
