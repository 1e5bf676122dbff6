using System.Text;

namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>
/// GPT-2 byte-level pre-tokenizer: optionally prefixes a space, optionally splits with the GPT-2 regex, then rewrites
/// each piece's UTF-8 bytes as <see cref="ByteLevelAlphabet"/> characters.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly TextPattern Gpt2Regex = TextPattern.FromRegex(Gpt2Pattern, null);

    public void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection)
    {
        for (var p = 0; p < input.Count; p++)
        {
            var piece = input[p];
            if (addPrefixSpace && piece[0] != ' ')
            {
                var prefixed = scratch.RentPieceList();
                prefixed.BeginPiece();
                prefixed.Append(' ');
                prefixed.Append(piece);
                prefixed.EndPiece();
                SplitAndMap(prefixed[0], output, scratch);
                scratch.ReleasePieceList();
            }
            else
            {
                SplitAndMap(piece, output, scratch);
            }
        }
    }

    private void SplitAndMap(ReadOnlySpan<char> piece, PieceList output, PreTokenizerScratch scratch)
    {
        if (!useRegex)
        {
            MapBytes(piece, output, scratch);
            return;
        }
        var matches = scratch.Matches;
        matches.Clear();
        Gpt2Regex.FindMatches(piece, matches);
        // The GPT-2 regex ends in \s+ and so matches every character; gaps cannot occur but are kept if they do.
        var position = 0;
        foreach (var (start, length) in matches)
        {
            if (start > position)
            {
                MapBytes(piece[position..start], output, scratch);
            }
            MapBytes(piece.Slice(start, length), output, scratch);
            position = start + length;
        }
        if (position < piece.Length)
        {
            MapBytes(piece[position..], output, scratch);
        }
    }

    public static void MapBytes(ReadOnlySpan<char> text, PieceList output, PreTokenizerScratch scratch)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (scratch.Utf8.Length < maxBytes)
        {
            scratch.Utf8 = new byte[Math.Max(maxBytes, scratch.Utf8.Length * 2)];
        }
        var count = Encoding.UTF8.GetBytes(text, scratch.Utf8);
        output.BeginPiece();
        var alphabet = ByteLevelAlphabet.ByteToChar;
        for (var i = 0; i < count; i++)
        {
            output.Append(alphabet[scratch.Utf8[i]]);
        }
        output.EndPiece();
    }
}
