namespace Inference.Engine.Constraints;

/// <summary>
/// A JSON Schema, regex or choice list cannot be compiled into a constraint: it uses a keyword or construct outside
/// the supported subset, or it is malformed. <see cref="Path"/> says where: a JSON pointer into the schema
/// (<c>/properties/age/minimum</c>, empty for the root), <c>pattern[12]</c> (a character offset) for a regex,
/// <c>choices[3]</c> for a choice list. The API layer reports it as a 400 naming its parameter followed by the path.
/// </summary>
public sealed class ConstraintCompileException(string message, string path, string? keyword = null) : ArgumentException(message)
{
    /// <summary>Where in the schema, pattern or choice list the problem is.</summary>
    public string Path { get; } = path;

    /// <summary>The unsupported or malformed JSON Schema keyword, when there is one.</summary>
    public string? Keyword { get; } = keyword;
}
