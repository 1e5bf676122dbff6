namespace Inference.Selection;

/// <summary>Candidate-level ranking keys and the signal checks strategies share.</summary>
internal static class CandidateKeys
{
    public static readonly RankKey<Candidate> Reward = new("reward", c => c.Reward ?? double.NegativeInfinity);

    public static readonly RankKey<Candidate> MeanLogProb = new("mean log-prob", c => c.MeanLogProb ?? double.NegativeInfinity);

    public static RankKey<Candidate> FirstSeen(AnswerGrouping grouping) => new("first seen", c => -grouping.Positions[c]);

    /// <summary>Reward, then mean log-prob, then first seen: Best-of-N's order.</summary>
    public static RankKey<Candidate>[] ByReward(AnswerGrouping g) => [Reward, MeanLogProb, FirstSeen(g)];

    /// <summary>Mean log-prob, then first seen: self-certainty's order.</summary>
    public static RankKey<Candidate>[] ByMeanLogProb(AnswerGrouping g) => [MeanLogProb, FirstSeen(g)];

    /// <summary>Reward when every candidate has one, else mean log-prob, then first seen: the representative of a vote.</summary>
    public static RankKey<Candidate>[] ForVote(IReadOnlyList<Candidate> pool, AnswerGrouping g) =>
        AllHaveRewards(pool) ? ByReward(g) : ByMeanLogProb(g);

    public static bool AllHaveRewards(IReadOnlyList<Candidate> pool) => pool.All(c => c.Reward is not null);

    public static void RequireRewards(string strategy, IReadOnlyList<Candidate> pool)
    {
        var missing = pool.Where(c => c.Reward is null).Select(c => c.Index).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSignalException(strategy, "reward", missing);
        }
    }

    public static void RequireLogProbs(string strategy, IReadOnlyList<Candidate> pool)
    {
        var missing = pool.Where(c => c.MeanLogProb is null).Select(c => c.Index).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSignalException(strategy, "log-probability sum and token count", missing);
        }
    }

    /// <summary>
    /// The best of a class's members under <paramref name="keys"/>; among members with the same text, the first seen.
    /// The same text drawn twice gets scores that differ only by the floating-point noise of the batch each was
    /// computed in (~1e-7 in log-probabilities), which must not decide which index represents the class.
    /// </summary>
    public static Candidate Best(IReadOnlyList<Candidate> members, IReadOnlyList<RankKey<Candidate>> keys)
    {
        var best = Ranking.Order(members, keys)[0];
        return members.First(m => string.Equals(m.Text, best.Text, StringComparison.Ordinal));
    }
}
