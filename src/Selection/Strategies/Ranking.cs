namespace Inference.Selection;

/// <summary>Lexicographic ranking by named keys, and which key actually decided a ranking.</summary>
internal static class Ranking
{
    public static List<T> Order<T>(IEnumerable<T> items, IReadOnlyList<RankKey<T>> keys)
    {
        var list = items.ToList();
        list.Sort((a, b) =>
        {
            foreach (var key in keys)
            {
                var cmp = key.Of(b).CompareTo(key.Of(a));
                if (cmp != 0)
                {
                    return cmp;
                }
            }

            return 0;
        });
        return list;
    }

    /// <summary>
    /// The secondary keys that separated neighbours at the first <paramref name="k"/> rank boundaries (the ones that
    /// decide which items are returned and in what order); null when the primary key separated them all.
    /// </summary>
    public static string? TieBreak<T>(IReadOnlyList<T> ordered, IReadOnlyList<RankKey<T>> keys, int k)
    {
        var used = new List<string>();
        for (var i = 0; i < Math.Min(k, ordered.Count - 1); i++)
        {
            for (var j = 0; j < keys.Count; j++)
            {
                if (keys[j].Of(ordered[i]) != keys[j].Of(ordered[i + 1]))
                {
                    if (j > 0 && !used.Contains(keys[j].Name))
                    {
                        used.Add(keys[j].Name);
                    }

                    break;
                }
            }
        }

        return used.Count == 0 ? null : string.Join(", ", used);
    }

    public static string Describe<T>(IReadOnlyList<RankKey<T>> keys) => string.Join(", then ", keys.Select(k => k.Name));
}
