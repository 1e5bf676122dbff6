namespace Inference.Selection;

/// <summary>
/// Groups answers into equivalence classes. Numeric tolerance is not transitive (1.00000 ~ 1.00008 ~ 1.00016 but
/// 1.00000 !~ 1.00016), so each answer joins the FIRST class, in first-seen order, whose representative (that class's
/// first answer) is equivalent to it, and starts a new class otherwise. The result depends only on pool order.
/// </summary>
public static class AnswerClasses
{
    public static AnswerGrouping Group(IReadOnlyList<Candidate> candidates, double relativeTolerance = AnswerKey.DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var classes = new List<AnswerClass>();
        var unanswered = new List<Candidate>();
        var positions = new Dictionary<Candidate, int>(ReferenceEqualityComparer.Instance);
        for (var position = 0; position < candidates.Count; position++)
        {
            var candidate = candidates[position];
            positions[candidate] = position;
            if (candidate.Answer is not { } answer)
            {
                unanswered.Add(candidate);
                continue;
            }

            var target = classes.Find(c => c.Representative.Key.IsEquivalentTo(answer.Key, relativeTolerance));
            if (target is null)
            {
                target = new AnswerClass(classes.Count, answer, position);
                classes.Add(target);
            }

            target.Add(candidate);
        }

        return new AnswerGrouping(classes, unanswered, candidates.Count) { Positions = positions };
    }

    /// <summary>
    /// Counts answers (null = no answer, ignored) with the same first-representative rule; returns (representative,
    /// count) per class in first-seen order. Used by the stopping rules, which see answers rather than candidates.
    /// </summary>
    public static IReadOnlyList<(AnswerKey Representative, int Count)> Count(
        IEnumerable<AnswerKey?> answers, double relativeTolerance = AnswerKey.DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var counts = new List<(AnswerKey Representative, int Count)>();
        foreach (var key in answers)
        {
            if (key is null)
            {
                continue;
            }

            var at = counts.FindIndex(c => c.Representative.IsEquivalentTo(key, relativeTolerance));
            if (at < 0)
            {
                counts.Add((key, 1));
            }
            else
            {
                counts[at] = (counts[at].Representative, counts[at].Count + 1);
            }
        }

        return counts;
    }
}
