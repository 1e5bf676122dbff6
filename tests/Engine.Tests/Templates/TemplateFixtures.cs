using System.Collections.Concurrent;
using System.Text.Json;
using Inference.Engine.Templates;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Engine.Tests.Templates;

/// <summary>Loads the chat-template fixtures copied to the test output directory.</summary>
internal static class TemplateFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "fixtures", "chat_templates");

    /// <summary>The instant render_goldens.py uses for strftime_now (FIXED_NOW).</summary>
    public static readonly ChatTemplateOptions Options = new()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2024, 9, 5, 14, 30, 0, TimeSpan.Zero)),
    };

    private static readonly ConcurrentDictionary<string, ChatTemplate> Templates = new();

    private static readonly ConcurrentDictionary<string, JsonElement> Json = new();

    /// <summary>Parsed once per file: theories look the same fixture files up for every case.</summary>
    public static JsonElement ReadJson(string relativePath) => Json.GetOrAdd(relativePath, p =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, p))).RootElement);

    public static ChatTemplate Template(string name) => Templates.GetOrAdd(name, n =>
        ChatTemplate.Parse(File.ReadAllText(Path.Combine(Root, "templates", n + ".jinja")), Options));

    public static JsonElement Spec(string name) =>
        ReadJson("templates.json").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public static JsonElement Conversation(string name) =>
        ReadJson("conversations.json").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static IReadOnlyList<TemplateValue>? List(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var list) ? list.EnumerateArray().Select(TemplateValueConverter.FromJson).ToList() : null;

    private static string? Token(JsonElement spec, string property) =>
        spec.GetProperty(property).ValueKind == JsonValueKind.Null ? null : spec.GetProperty(property).GetString();

    /// <summary>The same variables render_goldens.py passes (mirroring transformers' apply_chat_template).</summary>
    public static ChatTemplateContext Context(JsonElement spec, JsonElement conversation, bool addGenerationPrompt) => new()
    {
        Messages = List(conversation, "messages")!,
        Tools = List(conversation, "tools"),
        Documents = List(conversation, "documents"),
        AddGenerationPrompt = addGenerationPrompt,
        BosToken = Token(spec, "bos_token"),
        EosToken = Token(spec, "eos_token"),
        Extra = conversation.TryGetProperty("extra", out var extra)
            ? extra.EnumerateObject().ToDictionary(p => p.Name, p => TemplateValueConverter.FromJson(p.Value))
            : new Dictionary<string, TemplateValue>(),
    };
}
