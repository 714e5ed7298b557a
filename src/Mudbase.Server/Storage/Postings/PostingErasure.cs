namespace Mudbase.Server.Storage.Postings;

/// <summary>
/// Removes the events an erasure erases detail values of from the posting lists of those values, the same for both
/// providers, in the erasure's transaction and before the values themselves are erased (they name the lists). An
/// event past the watermark is in no list yet; the indexer will read its value already erased.
/// </summary>
internal static class PostingErasure
{
    public static async Task RemoveAsync(
        IPostingRows rows, IReadOnlyList<ErasureCandidate> candidates, IReadOnlyList<DetailErasure> erased, CancellationToken cancellationToken)
    {
        var sequences = candidates.ToDictionary(c => c.EventId, c => c.Sequence);
        var values = (await rows.DetailValuesAsync(erased.Select(e => sequences[e.EventId]).ToList(), cancellationToken))
            .ToDictionary(v => v.Sequence);
        foreach (var erasure in erased)
        {
            if (values.TryGetValue(sequences[erasure.EventId], out var held))
                await RemoveAsync(rows, held, erasure.UserId, erasure.IpAddress, erasure.Resource, cancellationToken);
        }
    }

    /// <summary>The same for one event, by its sequence number: the values of the fields to be erased.</summary>
    public static async Task RemoveAsync(
        IPostingRows rows, long sequence, bool userId, bool ipAddress, bool resource, CancellationToken cancellationToken)
    {
        if ((await rows.DetailValuesAsync([sequence], cancellationToken)).FirstOrDefault() is { } held)
            await RemoveAsync(rows, held, userId, ipAddress, resource, cancellationToken);
    }

    private static async Task RemoveAsync(
        IPostingRows rows, DetailValues held, bool userId, bool ipAddress, bool resource, CancellationToken cancellationToken)
    {
        if (userId)
            await RemoveAsync(rows, EventTerms.UserId, held.UserId, held.Sequence, cancellationToken);
        if (ipAddress)
            await RemoveAsync(rows, EventTerms.IpAddress, held.IpAddress, held.Sequence, cancellationToken);
        if (resource)
            await RemoveAsync(rows, EventTerms.Resource, held.Resource, held.Sequence, cancellationToken);
    }

    private static async Task RemoveAsync(IPostingRows rows, int field, string? value, long sequence, CancellationToken cancellationToken)
    {
        if (value is null || await rows.PartHoldingAsync(field, value, sequence, cancellationToken) is not { } stored)
            return;
        if (!PostingLists.Decode(stored.Part).Contains(sequence))
            return;
        await rows.ReplaceAsync(field, value, stored.Run, stored.Part.First, PostingLists.Without(stored.Part, sequence), cancellationToken);
    }
}

/// <summary>The rows of one organisation's <c>event_postings</c> an erasure changes, in its transaction.</summary>
internal interface IPostingRows
{
    /// <summary>The detail values the events with these sequence numbers hold now (the row's columns are left empty).</summary>
    Task<IReadOnlyList<DetailValues>> DetailValuesAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken);

    /// <summary>The part of the value's list in the run covering <paramref name="sequence"/> whose range may hold it.</summary>
    Task<(long Run, PostingPart Part)?> PartHoldingAsync(int field, string value, long sequence, CancellationToken cancellationToken);

    /// <summary>Replaces the part starting at <paramref name="first"/> with <paramref name="part"/>, or deletes it when null.</summary>
    Task ReplaceAsync(int field, string value, long run, long first, PostingPart? part, CancellationToken cancellationToken);
}
