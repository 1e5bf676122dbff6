using System.Globalization;
using Inference.Selection;

namespace Inference.Pipeline.Requests;

/// <summary>The selection a model name implies, e.g. "arith-lm:majority@16" or "arith-lm:bom@32".</summary>
public sealed record AliasSelection(string Strategy, int Samples)
{
    /// <summary>
    /// Splits "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;". A name without ':' and '@' is not an alias (false); a name in that
    /// form with an unknown strategy or a bad N is an <see cref="InvalidRequestException"/> naming "model".
    /// </summary>
    public static bool TryParse(string name, out string model, out AliasSelection? selection)
    {
        model = name;
        selection = null;
        var colon = name.LastIndexOf(':');
        var at = name.LastIndexOf('@');
        if (colon <= 0 || at < colon) return false;
        model = name[..colon];
        var strategy = SelectionStrategyRegistry.Default.Canonical(name[(colon + 1)..at])
                       ?? throw new InvalidRequestException("model",
                           $"The model alias '{name}' names an unknown strategy '{name[(colon + 1)..at]}'. Known: {SelectionStrategyRegistry.Default.Known}.");
        if (!int.TryParse(name[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var samples) || samples < 1)
            throw new InvalidRequestException("model", $"The model alias '{name}' must end with @<samples>, a positive integer.");
        selection = new AliasSelection(strategy, samples);
        return true;
    }
}
