namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>How Metaspace prefixes the replacement character: to every section, the first section only, or never.</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}

/// <summary>
/// SentencePiece-style pre-tokenizer: spaces become the replacement character ('▁'), which is prefixed according to
/// <see cref="PrependScheme"/>; with <c>split</c> each word keeps its leading '▁'.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split) : IPreTokenizer
{
    public void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection)
    {
        for (var p = 0; p < input.Count; p++)
        {
            // "first": only the piece at the very start of the input, as the reference checks for original offset 0.
            var prepend = prependScheme == PrependScheme.Always || (prependScheme == PrependScheme.First && isFirstSection && p == 0);
            var piece = input[p];
            var replaced = scratch.RentPieceList();
            replaced.BeginPiece();
            if (prepend && piece[0] != replacement)
            {
                replaced.Append(replacement);
            }
            foreach (var ch in piece)
            {
                replaced.Append(ch == ' ' ? replacement : ch);
            }
            replaced.EndPiece();
            var text = replaced[0];
            if (split)
            {
                scratch.Matches.Clear();
                for (var i = 0; i < text.Length; i++)
                {
                    if (text[i] == replacement)
                    {
                        scratch.Matches.Add((i, 1));
                    }
                }
                SplitBehaviorApplier.Apply(text, scratch.Matches, SplitBehavior.MergedWithNext, false, scratch.Segments, output);
            }
            else
            {
                output.Add(text);
            }
            scratch.ReleasePieceList();
        }
    }
}
