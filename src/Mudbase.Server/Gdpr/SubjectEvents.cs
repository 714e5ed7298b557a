using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>Collects the events about a subject (by <c>details.userId</c>) or by an actor, for exports.</summary>
internal sealed class SubjectEvents(IEventStore events, IOptions<GdprOptions> options)
{
    private const int PageSize = 500;

    public int Limit => options.Value.ExportLimit;

    /// <summary>Events of the organisation whose userId detail (or, when <paramref name="byActor"/>, actor) is the subject, oldest first.</summary>
    public async Task<(List<StoredEvent> Events, bool Truncated)> ReadAsync(
        string orgId, string subjectId, bool byActor, CancellationToken cancellationToken)
    {
        var result = new List<StoredEvent>();
        long? after = null;
        while (true)
        {
            var page = await events.QueryAsync(new EventQuery(orgId, [], [], byActor ? null : subjectId, null, null,
                byActor ? subjectId : null, null, null, false, after, PageSize), cancellationToken);
            foreach (var stored in page)
            {
                if (result.Count == Limit)
                    return (result, true);
                result.Add(stored);
            }
            if (page.Count < PageSize)
                return (result, false);
            after = page[^1].Sequence;
        }
    }

    public async Task<SubjectExport> ExportAsync(string orgId, string subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (found, truncated) = await ReadAsync(orgId, subjectId, false, cancellationToken);
        return new SubjectExport(now, subjectId, orgId, found.Select(SecurityEventViews.ToView).ToList(), truncated);
    }
}
