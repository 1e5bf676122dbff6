namespace Inference.Pipeline.Sources;

/// <summary>
/// Splits a draw into one contiguous chunk per member by least outstanding work: samples go one by one to the member
/// whose load (outstanding samples, those already planned included, over capacity) is lowest, ties to the member listed
/// first. Contiguous chunks keep each chunk one upstream request (n samples from one seed), and the seeds of a chunk
/// are those its samples have in a single-node run. A member's share larger than its <see cref="ShardMember.MaxChunk"/>
/// goes as several chunks.
/// </summary>
public static class ShardPlan
{
    public static IReadOnlyList<(ShardMember Member, SampleDraw Chunk)> Split(SampleDraw draw, IReadOnlyList<ShardMember> members)
    {
        if (members.Count == 0) throw new ArgumentException("No members to split over.", nameof(members));
        var counts = new int[members.Count];
        for (var s = 0; s < draw.Count; s++)
        {
            var best = 0;
            for (var m = 1; m < members.Count; m++)
                if (members[m].Load(counts[m] + 1) < members[best].Load(counts[best] + 1)) best = m;
            counts[best]++;
        }
        var chunks = new List<(ShardMember, SampleDraw)>();
        var first = draw.First;
        for (var m = 0; m < members.Count; m++)
        {
            for (var left = counts[m]; left > 0;)
            {
                var size = Math.Min(left, members[m].MaxChunk);
                chunks.Add((members[m], draw.Slice(first, size)));
                first += size;
                left -= size;
            }
        }
        return chunks;
    }

    /// <summary>The least loaded member able to take <paramref name="samples"/> more, or null.</summary>
    public static ShardMember? LeastLoaded(IEnumerable<ShardMember> members, int samples) =>
        members.OrderBy(m => m.Load(samples)).FirstOrDefault();
}
