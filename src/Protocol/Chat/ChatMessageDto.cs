using System.Text.Json;

namespace Inference.Protocol;

/// <summary>One message: role system | developer | user | assistant; content a string or a list of text parts.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }

    public string? Name { get; set; }
}
