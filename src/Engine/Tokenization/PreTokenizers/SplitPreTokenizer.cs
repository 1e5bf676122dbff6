namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>Splits each piece at the matches of a literal or regex pattern (tokenizer.json "Split").</summary>
internal sealed class SplitPreTokenizer(TextPattern pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection)
    {
        for (var p = 0; p < input.Count; p++)
        {
            var piece = input[p];
            scratch.Matches.Clear();
            pattern.FindMatches(piece, scratch.Matches);
            SplitBehaviorApplier.Apply(piece, scratch.Matches, behavior, invert, scratch.Segments, output);
        }
    }
}
