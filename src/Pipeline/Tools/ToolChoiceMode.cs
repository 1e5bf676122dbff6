namespace Inference.Pipeline.Tools;

/// <summary>tool_choice: none (no calls), auto (the model decides; calls are parsed from its text), required (one call
/// of any declared function) or a named function; the last two are constrained while decoding.</summary>
public enum ToolChoiceMode
{
    None,
    Auto,
    Required,
    Named,
}
