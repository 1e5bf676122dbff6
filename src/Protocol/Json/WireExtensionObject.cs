using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// Base of the objects this server defines inside requests (<c>test_time_scaling</c> and its parts). OpenAI's own
/// fields ignore what they do not know, as OpenAI does; in these objects a field they do not define is kept in
/// <see cref="UnknownFields"/> so that validation can refuse it by name (a misspelled field would otherwise be
/// silently ignored and change nothing).
/// </summary>
public abstract class WireExtensionObject
{
    /// <summary>Fields the object does not define, as sent; null when there are none.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; set; }
}
