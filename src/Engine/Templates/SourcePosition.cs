namespace Inference.Engine.Templates;

/// <summary>Maps a character offset in the (newline-normalised) source to a 1-based line and column.</summary>
internal sealed class SourcePosition
{
    private readonly List<int> _lineStarts = [0];

    public SourcePosition(string source)
    {
        for (var i = 0; i < source.Length; i++)
            if (source[i] == '\n') _lineStarts.Add(i + 1);
    }

    public (int Line, int Column) Locate(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }
}
