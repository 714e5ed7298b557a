using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Org;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>
/// Membership changes as the server recorded them in the organisation's own ledger (joins, role changes, removals),
/// up to a moment. Events a client logged with the same types are ignored: only the server's own (actor
/// <c>system</c>) count.
/// </summary>
internal sealed record MembershipHistory(IReadOnlyList<MembershipChange> Changes)
{
    private static readonly string[] Types =
        [AccessEvents.MemberAdded, AccessEvents.RoleChanged, AccessEvents.MemberRemoved, SecurityEventTypes.AdminPrivilegeEscalation];

    private const int Page = 1000;

    public static async Task<MembershipHistory> ReadAsync(IEventStore events, string orgId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var changes = new List<MembershipChange>();
        long? after = null;
        while (true)
        {
            var rows = await events.QueryAsync(new EventQuery(orgId, Types, [], null, null, null, SecurityEventRecorder.SystemActor,
                null, until.AddMilliseconds(1), false, after, Page), cancellationToken);
            changes.AddRange(rows.Select(Read).OfType<MembershipChange>());
            if (rows.Count < Page)
                return new MembershipHistory(changes);
            after = rows[^1].Sequence;
        }
    }

    public IEnumerable<MembershipChange> Of(string userId) => Changes.Where(c => c.UserId == userId);

    private static MembershipChange? Read(StoredEvent stored)
    {
        var openings = EventDetails.Read(stored.Commitments, stored.Secrets).Opened.ToList();
        string? Value(string key) =>
            openings.Find(o => o.Key == key) is { } opening && DetailCodec.Value(opening.Value) is { ValueKind: JsonValueKind.String } value
                ? value.GetString()
                : null;
        if (Value("userId") is not { } userId)
            return null;
        var from = stored.EventType == AccessEvents.MemberAdded ? null : Value("previousRole");
        var to = stored.EventType == AccessEvents.MemberRemoved ? null : Value("newRole");
        return new MembershipChange(stored.Id, userId, stored.RecordedAt, from, to, Value("changedBy"),
            to is not null && Roles.IsEscalation(from, to));
    }
}

/// <summary>One recorded change: <see cref="From"/> null for a join, <see cref="To"/> null for a removal.</summary>
internal sealed record MembershipChange(
    string EventId, string UserId, DateTimeOffset At, string? From, string? To, string? ChangedBy, bool Escalation);
