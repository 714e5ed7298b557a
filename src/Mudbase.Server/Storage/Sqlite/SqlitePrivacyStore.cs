using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Postings;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

/// <summary>
/// Privacy settings, legal holds and erasures on SQLite; the account holder's part is in
/// <c>SqlitePrivacyStore.Accounts.cs</c>. Every connection runs with <c>secure_delete</c> (see
/// <see cref="SqliteDatabase"/>), and each erasure ends with a truncating WAL checkpoint, so erased values leave
/// the main file, its free pages and the WAL.
/// </summary>
internal sealed partial class SqlitePrivacyStore(SqliteDatabase database, ILogger<SqlitePrivacyStore> logger) : IPrivacyStore
{
    private readonly SemaphoreSlim exclusive = new(1, 1);

    public async Task<PrivacySettings> GetSettingsAsync(string orgId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            INSERT INTO privacy_settings (org_id, subject_key, updated_at) VALUES ($org, $key, $now)
            ON CONFLICT (org_id) DO NOTHING
            """, cancellationToken, ("$org", orgId), ("$key", RandomNumberGenerator.GetBytes(32)), ("$now", Ms(now)));
        return (await ListAsync(connection, $"SELECT {PrivacyRows.SettingsColumns} FROM privacy_settings WHERE org_id = $org",
            PrivacyRows.ReadSettings, cancellationToken, ("$org", orgId)))[0];
    }

    public async Task<PrivacySettings> SaveSettingsAsync(
        string orgId, int? retentionDays, IReadOnlyList<string> personalKeys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await GetSettingsAsync(orgId, now, cancellationToken);
        await using (var connection = await OpenAsync(cancellationToken))
        {
            await ExecuteAsync(connection,
                "UPDATE privacy_settings SET retention_days = $days, personal_keys = $keys, updated_at = $now WHERE org_id = $org",
                cancellationToken, ("$days", retentionDays), ("$keys", PrivacyRows.Keys(personalKeys)), ("$now", Ms(now)), ("$org", orgId));
        }
        return await GetSettingsAsync(orgId, now, cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacySettings>> RetentionPoliciesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ListAsync(connection,
            $"SELECT {PrivacyRows.SettingsColumns} FROM privacy_settings WHERE retention_days IS NOT NULL ORDER BY org_id",
            PrivacyRows.ReadSettings, cancellationToken);
    }

    public async Task AddHoldAsync(LegalHoldRecord hold, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            INSERT INTO legal_holds ({PrivacyRows.HoldColumns})
            VALUES ($id, $org, $subject, $from, $to, $reason, $by, $at, NULL, NULL)
            """, cancellationToken, ("$id", hold.Id), ("$org", hold.OrgId), ("$subject", hold.SubjectId), ("$from", Ms(hold.From)),
            ("$to", Ms(hold.To)), ("$reason", hold.Reason), ("$by", hold.CreatedBy), ("$at", Ms(hold.CreatedAt)));
    }

    public async Task<IReadOnlyList<LegalHoldRecord>> ListHoldsAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ListAsync(connection,
            $"SELECT {PrivacyRows.HoldColumns} FROM legal_holds WHERE org_id = $org ORDER BY created_at DESC, id",
            PrivacyRows.ReadHold, cancellationToken, ("$org", orgId));
    }

    public async Task<LegalHoldRecord?> ReleaseHoldAsync(
        string orgId, string holdId, string releasedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var released = await ListAsync(connection, $"""
            UPDATE legal_holds SET released_at = $now, released_by = $by
            WHERE org_id = $org AND id = $id AND released_at IS NULL
            RETURNING {PrivacyRows.HoldColumns}
            """, PrivacyRows.ReadHold, cancellationToken, ("$now", Ms(now)), ("$by", releasedBy), ("$org", orgId), ("$id", holdId));
        return released.FirstOrDefault();
    }

    public async Task<ErasureOutcome> EraseAsync(ErasureSelection selection, CancellationToken cancellationToken)
    {
        ErasureOutcome outcome;
        try
        {
            using var erasing = database.Erasures.Begin();
            await using var connection = await OpenAsync(cancellationToken);
            // IMMEDIATE: the erasure takes the write lock before it reads, so no append or other erasure interleaves.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var subjectSequences = selection.SubjectId is { } subject
                ? await PostingQueries.PageAsync(new SqliteEventQueries(connection),
                    EventTerms.Subject(selection.OrgId, subject, selection.AfterSequence, selection.Limit), cancellationToken)
                : null;
            var candidates = await ListAsync(connection, CandidateSql(selection, subjectSequences), PrivacyRows.ReadCandidate, cancellationToken,
                ("$org", selection.OrgId), ("$subject", selection.SubjectId), ("$before", Ms(selection.RecordedBefore)),
                ("$after", selection.AfterSequence), ("$limit", selection.Limit));
            var holds = await ListAsync(connection,
                $"SELECT {PrivacyRows.HoldColumns} FROM legal_holds WHERE org_id = $org AND released_at IS NULL",
                PrivacyRows.ReadHold, cancellationToken, ("$org", selection.OrgId));
            outcome = ErasurePlanner.Plan(candidates, holds, selection.Keys);
            if (selection.DryRun || outcome.Erased.Count == 0)
                return outcome;
            await PostingErasure.RemoveAsync(new SqlitePostingRows(connection, selection.OrgId), candidates, outcome.Erased, cancellationToken);
            foreach (var erasure in outcome.Erased)
            {
                await ExecuteAsync(connection, SqliteDetailErasure.Sql, cancellationToken, SqliteDetailErasure.Parameters(
                    selection.OrgId, erasure.EventId, erasure.Secrets, erasure.UserId, erasure.IpAddress, erasure.Resource));
            }
            var record = selection.Record with
            {
                Events = outcome.Erased.Count,
                Details = outcome.DetailsErased,
                HeldBack = outcome.HeldBack.Count,
            };
            await ExecuteAsync(connection, $"""
                INSERT INTO erasures ({PrivacyRows.ErasureColumns})
                VALUES ($id, $org, $subject, $scope, $by, $at, $events, $details, $held, NULL)
                """, cancellationToken, ("$id", record.Id), ("$org", record.OrgId), ("$subject", record.SubjectHash),
                ("$scope", record.Scope), ("$by", record.RequestedBy), ("$at", Ms(record.ErasedAt)), ("$events", record.Events),
                ("$details", record.Details), ("$held", record.HeldBack));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new StorageUnavailableException("The erasure could not be committed; nothing was erased", e);
        }
        await CheckpointAsync(cancellationToken);
        return outcome;
    }

    // A subject's events are found through the posting lists of its userId (and the tail), then read by sequence.
    private static string CandidateSql(ErasureSelection selection, IReadOnlyList<long>? subjectSequences) => $"""
        SELECT {PrivacyRows.CandidateColumns} FROM event_details d
        CROSS JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq
        WHERE d.org_id = $org AND d.seq > $after
        {(selection.SubjectId is not null
            ? $"AND d.user_id = $subject AND d.seq IN ({SqliteEventQueries.List(subjectSequences!)})" : "")}
        {(selection.RecordedBefore is not null ? $"AND e.recorded_at < $before AND {PrivacyRows.HasOpenDetails("x'04'")} AND e.event_type NOT IN ({PrivacyRows.AuditTrailTypes})" : "")}
        ORDER BY d.seq LIMIT $limit
        """;

    // Copies the erased pages into the main file and empties the WAL, where the old page images still hold the values.
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var command = Create(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0)
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
        LogCheckpointBusy(logger);
    }

    public async Task SetReceiptAsync(string erasureId, string receiptEventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE erasures SET receipt_event_id = $event WHERE id = $id", cancellationToken,
            ("$event", receiptEventId), ("$id", erasureId));
    }

    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(string orgId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ListAsync(connection,
            $"SELECT {PrivacyRows.ErasureColumns} FROM erasures WHERE org_id = $org ORDER BY erased_at DESC, id LIMIT $limit",
            PrivacyRows.ReadErasure, cancellationToken, ("$org", orgId), ("$limit", limit));
    }

    public async Task<(long Erasures, long ActiveHolds)> CountsAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var counts = await ListAsync(connection, """
            SELECT (SELECT COUNT(*) FROM erasures WHERE org_id = $org),
                   (SELECT COUNT(*) FROM legal_holds WHERE org_id = $org AND released_at IS NULL)
            """, reader => (reader.GetInt64(0), reader.GetInt64(1)), cancellationToken, ("$org", orgId));
        return counts[0];
    }

    // One process owns an SQLite file, so a process-wide lock is enough.
    public async Task<bool> RunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (!await exclusive.WaitAsync(0, cancellationToken))
            return false;
        try
        {
            await work(cancellationToken);
            return true;
        }
        finally
        {
            exclusive.Release();
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "After an erasure the WAL could not be truncated because readers kept it busy; the next checkpoint removes the erased page images")]
    private static partial void LogCheckpointBusy(ILogger logger);
}
