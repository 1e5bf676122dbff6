namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>
/// The pieces of one text section during pre-tokenization, stored back to back in one reusable char buffer so that
/// splitting and byte mapping allocate nothing once the buffers have grown to the working size.
/// </summary>
internal sealed class PieceList
{
    private char[] _chars = new char[256];
    private int _length;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int _pieceStart = -1;

    public int Count { get; private set; }

    /// <summary>Characters the buffer can hold without growing.</summary>
    public int CharCapacity => _chars.Length;

    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_starts[index], _lengths[index]);

    public void Clear()
    {
        _length = 0;
        Count = 0;
        _pieceStart = -1;
    }

    public void Add(ReadOnlySpan<char> piece)
    {
        if (piece.IsEmpty)
        {
            return;
        }
        BeginPiece();
        Append(piece);
        EndPiece();
    }

    public void BeginPiece() => _pieceStart = _length;

    public void Append(ReadOnlySpan<char> text)
    {
        EnsureChars(text.Length);
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    public void Append(char ch)
    {
        EnsureChars(1);
        _chars[_length++] = ch;
    }

    /// <summary>Closes the piece begun by <see cref="BeginPiece"/>; an empty piece is dropped.</summary>
    public void EndPiece()
    {
        var length = _length - _pieceStart;
        if (length > 0)
        {
            if (Count == _starts.Length)
            {
                Array.Resize(ref _starts, Count * 2);
                Array.Resize(ref _lengths, Count * 2);
            }
            _starts[Count] = _pieceStart;
            _lengths[Count] = length;
            Count++;
        }
        _pieceStart = -1;
    }

    private void EnsureChars(int extra)
    {
        if (_length + extra > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + extra));
        }
    }
}
