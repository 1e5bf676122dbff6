using System.Text.RegularExpressions;

namespace Inference.Pipeline.Tests;

/// <summary>
/// The reference chain of an arithmetic problem with one slip carried through: step <c>index % steps</c> is off by
/// <c>{1,-1,2,-2,10,-10}[index % 6]</c> and every later step computes correctly from the wrong value, like the LM's own
/// errors. The same rule as models/corruption.py, whose rate the reward model card reports.
/// </summary>
public static partial class CorruptedSolution
{
    private static readonly int[] Deltas = [1, -1, 2, -2, 10, -10];

    public static string For(string prompt, int index)
    {
        var terms = Term().Matches(Expression().Match(prompt).Groups[1].Value).Select(m => m.Value).ToArray();
        var values = terms.Where((_, i) => i % 2 == 0).Select(long.Parse).ToList();
        var ops = terms.Where((_, i) => i % 2 == 1).ToList();
        int slipStep = index % ops.Count, delta = Deltas[index % Deltas.Length];
        var steps = new List<string>();
        long Result(long value) => steps.Count == slipStep ? value + delta : value;

        for (var i = 0; i < ops.Count;)
        {
            if (ops[i] != "*")
            {
                i++;
                continue;
            }
            var product = Result(values[i] * values[i + 1]);
            steps.Add($"{values[i]}*{values[i + 1]}={product}.");
            values[i] = product;
            values.RemoveAt(i + 1);
            ops.RemoveAt(i);
        }
        var total = values[0];
        for (var i = 0; i < ops.Count; i++)
        {
            var value = Result(ops[i] == "+" ? total + values[i + 1] : total - values[i + 1]);
            steps.Add($"{total}{ops[i]}{values[i + 1]}={value}.");
            total = value;
        }
        return $"{string.Join(' ', steps)} #### {total}";
    }

    [GeneratedRegex(@"^Compute ([0-9+\-*]+)\.$")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\d+|[+\-*]")]
    private static partial Regex Term();
}
