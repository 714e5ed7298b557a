using Mudbase.Contracts;
using Mudbase.Server.Alerts.Committed;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>
/// Erases a subject's personal details in one organisation: one transaction in the store, then a receipt event in
/// the ledger that names the subject only by its keyed hash.
/// </summary>
internal sealed partial class ErasureService(
    IPrivacyStore store, PrivacyEvents events, CommittedEvents committed, TimeProvider time, ILogger<ErasureService> logger)
{
    public const string SubjectScope = "subject";
    public const string AccountScope = "account";
    public const string RetentionScope = "retention";

    public async Task<SubjectErasureView> EraseSubjectAsync(
        string orgId, string subjectId, string requestedBy, string scope, bool dryRun, string? sourceIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = await store.GetSettingsAsync(orgId, now, cancellationToken);
        var keys = PersonalKeys.For(settings);
        var record = new ErasureRecord(Ids.New("era"), orgId, SubjectHash.Of(settings.SubjectKey, subjectId), scope, requestedBy, now,
            0, 0, 0, null);
        var outcome = await store.EraseAsync(
            new ErasureSelection(orgId, subjectId, null, keys, 0, int.MaxValue, dryRun, record), cancellationToken);
        var erased = !dryRun && outcome.Erased.Count > 0;
        if (erased)
            committed.Forget(orgId);
        var receipt = erased ? await ReceiptAsync(Completed(record, outcome), sourceIp, cancellationToken) : null;
        return new SubjectErasureView(dryRun, record.SubjectHash!, outcome.EventsMatched, outcome.Erased.Count, outcome.DetailsErased, keys,
            Views(outcome.HeldBack), erased ? record.Id : null, receipt);
    }

    /// <summary>Erases every detail of events recorded before <paramref name="cutoff"/>, in batches; each batch gets its own receipt.</summary>
    public async Task<(long Events, long Details)> EraseOlderThanAsync(
        string orgId, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        long events = 0, details = 0, after = 0;
        while (true)
        {
            var record = new ErasureRecord(Ids.New("era"), orgId, null, RetentionScope, Compliance.SecurityEventRecorder.SystemActor,
                time.GetUtcNow(), 0, 0, 0, null);
            var outcome = await store.EraseAsync(
                new ErasureSelection(orgId, null, cutoff, null, after, batchSize, false, record), cancellationToken);
            if (outcome.Erased.Count > 0)
            {
                committed.Forget(orgId);
                await ReceiptAsync(Completed(record, outcome), null, cancellationToken);
            }
            events += outcome.Erased.Count;
            details += outcome.DetailsErased;
            if (outcome.EventsMatched < batchSize)
                return (events, details);
            after = outcome.LastSequence;
        }
    }

    private static ErasureRecord Completed(ErasureRecord record, ErasureOutcome outcome) =>
        record with { Events = outcome.Erased.Count, Details = outcome.DetailsErased, HeldBack = outcome.HeldBack.Count };

    // The erasure is committed before its receipt is appended; a receipt that fails is logged and the erasure record
    // keeps no receipt id, which the dashboard and GET /api/compliance/erasures show.
    private async Task<string?> ReceiptAsync(ErasureRecord record, string? sourceIp, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await events.ErasureAsync(record, sourceIp, cancellationToken);
            await store.SetReceiptAsync(record.Id, receipt.Id, cancellationToken);
            return receipt.Id;
        }
        catch (StorageUnavailableException e)
        {
            LogReceiptFailed(logger, record.Id, e);
            throw;
        }
    }

    public static IReadOnlyList<HeldBackView> Views(IEnumerable<HeldBackEvent> heldBack) =>
        heldBack.Select(h => new HeldBackView(h.EventId, h.HoldId, h.Reason)).ToList();

    [LoggerMessage(Level = LogLevel.Error, Message = "Erasure {ErasureId} was committed but its receipt could not be appended")]
    private static partial void LogReceiptFailed(ILogger logger, string erasureId, Exception failure);
}
