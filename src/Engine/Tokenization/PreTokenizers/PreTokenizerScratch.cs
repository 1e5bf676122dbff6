namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>Per-thread working storage of pre-tokenizers: match lists and spare piece lists for sequences.</summary>
internal sealed class PreTokenizerScratch
{
    public List<(int Start, int Length)> Matches { get; } = new(64);

    public List<(int Start, int Length, bool IsDelimiter)> Segments { get; } = new(64);

    public byte[] Utf8 { get; set; } = new byte[256];

    private readonly List<PieceList> _spareLists = [];
    private int _spareInUse;

    /// <summary>Borrows a cleared piece list; released in LIFO order by <see cref="ReleasePieceList"/>.</summary>
    public PieceList RentPieceList()
    {
        if (_spareInUse == _spareLists.Count)
        {
            _spareLists.Add(new PieceList());
        }
        var list = _spareLists[_spareInUse++];
        list.Clear();
        return list;
    }

    public void ReleasePieceList() => _spareInUse--;
}
