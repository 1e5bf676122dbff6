namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>
/// Splits at characters of one class, each character being its own delimiter: Digits (numeric characters,
/// isolated one by one or as contiguous runs) and WhitespaceSplit (whitespace, removed).
/// </summary>
internal sealed class CharClassPreTokenizer(Func<char, bool> isDelimiter, SplitBehavior behavior) : IPreTokenizer
{
    public static CharClassPreTokenizer Digits(bool individualDigits) =>
        new(char.IsNumber, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous);

    public static CharClassPreTokenizer WhitespaceSplit() => new(char.IsWhiteSpace, SplitBehavior.Removed);

    public void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection)
    {
        for (var p = 0; p < input.Count; p++)
        {
            var piece = input[p];
            scratch.Matches.Clear();
            for (var i = 0; i < piece.Length; i++)
            {
                if (isDelimiter(piece[i]))
                {
                    scratch.Matches.Add((i, 1));
                }
            }
            SplitBehaviorApplier.Apply(piece, scratch.Matches, behavior, false, scratch.Segments, output);
        }
    }
}
