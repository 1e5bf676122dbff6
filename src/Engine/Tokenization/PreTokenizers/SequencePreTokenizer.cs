namespace Inference.Engine.Tokenization.PreTokenizers;

internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection)
    {
        if (steps.Count == 0)
        {
            for (var p = 0; p < input.Count; p++)
            {
                output.Add(input[p]);
            }
            return;
        }
        var current = input;
        var rented = 0;
        for (var s = 0; s < steps.Count; s++)
        {
            var target = s == steps.Count - 1 ? output : scratch.RentPieceList();
            if (target != output)
            {
                rented++;
            }
            steps[s].PreTokenize(current, target, scratch, isFirstSection);
            current = target;
        }
        for (var r = 0; r < rented; r++)
        {
            scratch.ReleasePieceList();
        }
    }
}
