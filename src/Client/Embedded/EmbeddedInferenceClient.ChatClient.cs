using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>The <see cref="IChatClient"/> face of the embedded client (options mapped by <see cref="ChatOptionsMapping"/>).</summary>
public sealed partial class EmbeddedInferenceClient : IChatClient
{
    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var completion = await CompleteAsync(EmbeddedChatMapping.ToEngineMessages(messages), ChatOptionsMapping.ToInferenceOptions(options),
            cancellationToken).ConfigureAwait(false);
        return EmbeddedChatMapping.ToChatResponse(completion);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        await foreach (var update in StreamAsync(EmbeddedChatMapping.ToEngineMessages(messages), ChatOptionsMapping.ToInferenceOptions(options),
                           cancellationToken).ConfigureAwait(false))
        {
            if (ChatUpdates.From(update, id, Model.Id) is { } chatUpdate) yield return chatUpdate;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("inference-embedded", null, Model.Id);
        if (serviceType == typeof(Engine.Packages.ModelDescriptor)) return Model;
        if (serviceType == typeof(Engine.Generation.GenerationScheduler)) return scheduler;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }
}
