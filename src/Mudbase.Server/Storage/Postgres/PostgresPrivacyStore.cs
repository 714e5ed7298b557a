using System.Security.Cryptography;
using Mudbase.Server.Storage.Postings;
using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Privacy settings, legal holds and erasures on PostgreSQL; the account holder's part is in
/// <c>PostgresPrivacyStore.Accounts.cs</c>. An UPDATE leaves the old row version in the heap until the
/// maintenance step of docs/GDPR.md rewrites the table.
/// </summary>
internal sealed partial class PostgresPrivacyStore(PostgresDatabase database) : IPrivacyStore
{
    public Task<PrivacySettings> GetSettingsAsync(string orgId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, token) =>
        {
            await ExecuteAsync(connection, null, """
                INSERT INTO privacy_settings (org_id, subject_key, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (org_id) DO NOTHING
                """, token, orgId, RandomNumberGenerator.GetBytes(32), now.ToUnixTimeMilliseconds());
            return (await SingleOrDefaultAsync(connection, $"SELECT {PrivacyRows.SettingsColumns} FROM privacy_settings WHERE org_id = $1",
                PrivacyRows.ReadSettings, token, orgId))!;
        }, cancellationToken);

    public async Task<PrivacySettings> SaveSettingsAsync(
        string orgId, int? retentionDays, IReadOnlyList<string> personalKeys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await GetSettingsAsync(orgId, now, cancellationToken);
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "UPDATE privacy_settings SET retention_days = $1, personal_keys = $2, updated_at = $3 WHERE org_id = $4", token,
            (long?)retentionDays, PrivacyRows.Keys(personalKeys), now.ToUnixTimeMilliseconds(), orgId), cancellationToken);
        return await GetSettingsAsync(orgId, now, cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacySettings>> RetentionPoliciesAsync(CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            $"SELECT {PrivacyRows.SettingsColumns} FROM privacy_settings WHERE retention_days IS NOT NULL ORDER BY org_id",
            PrivacyRows.ReadSettings, token), cancellationToken);

    public Task AddHoldAsync(LegalHoldRecord hold, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, $"""
            INSERT INTO legal_holds ({PrivacyRows.HoldColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)
            """, token, hold.Id, hold.OrgId, hold.SubjectId, hold.From?.ToUnixTimeMilliseconds(), hold.To?.ToUnixTimeMilliseconds(),
            hold.Reason, hold.CreatedBy, hold.CreatedAt.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<IReadOnlyList<LegalHoldRecord>> ListHoldsAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            $"SELECT {PrivacyRows.HoldColumns} FROM legal_holds WHERE org_id = $1 ORDER BY created_at DESC, id",
            PrivacyRows.ReadHold, token, orgId), cancellationToken);

    public Task<LegalHoldRecord?> ReleaseHoldAsync(
        string orgId, string holdId, string releasedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, $"""
            UPDATE legal_holds SET released_at = $1, released_by = $2
            WHERE org_id = $3 AND id = $4 AND released_at IS NULL
            RETURNING {PrivacyRows.HoldColumns}
            """, PrivacyRows.ReadHold, token, now.ToUnixTimeMilliseconds(), releasedBy, orgId, holdId), cancellationToken);

    public Task<ErasureOutcome> EraseAsync(ErasureSelection selection, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            // FOR UPDATE: a concurrent erasure of the same events waits, then re-checks its condition on the erased rows.
            // A hold placed meanwhile is seen because the holds are read after the rows are locked.
            await ExecuteAsync(connection, transaction, PostgresDetailErasure.LockIndex, token, selection.OrgId);
            // A subject's events are found through the posting lists of its userId (and the tail), then read by sequence.
            var subjectSequences = selection.SubjectId is { } subject
                ? (await PostingQueries.PageAsync(new PostgresEventQueries(connection, transaction),
                    EventTerms.Subject(selection.OrgId, subject, selection.AfterSequence, selection.Limit), token)).ToArray()
                : null;
            var candidates = await ListAsync(connection, transaction, $"""
                SELECT {PrivacyRows.CandidateColumns} FROM event_details d
                JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq
                WHERE d.org_id = $1 AND d.seq > $2
                  AND ($3::text IS NULL OR (d.user_id = $3 AND d.seq = ANY($6)))
                  AND ($4::bigint IS NULL OR (e.recorded_at < $4 AND {PrivacyRows.HasOpenDetails("'\\x04'::bytea")} AND e.event_type NOT IN ({PrivacyRows.AuditTrailTypes})))
                ORDER BY d.seq LIMIT $5
                FOR UPDATE OF d
                """, PrivacyRows.ReadCandidate, token, selection.OrgId, selection.AfterSequence, selection.SubjectId,
                selection.RecordedBefore?.ToUnixTimeMilliseconds(), selection.Limit, subjectSequences ?? []);
            var holds = await ListAsync(connection, transaction,
                $"SELECT {PrivacyRows.HoldColumns} FROM legal_holds WHERE org_id = $1 AND released_at IS NULL",
                PrivacyRows.ReadHold, token, selection.OrgId);
            var outcome = ErasurePlanner.Plan(candidates, holds, selection.Keys);
            if (selection.DryRun || outcome.Erased.Count == 0)
                return outcome;
            await PostingErasure.RemoveAsync(new PostgresPostingRows(connection, transaction, selection.OrgId), candidates, outcome.Erased, token);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var erasure in outcome.Erased)
            {
                batch.BatchCommands.Add(BatchCommand(PostgresDetailErasure.Sql,
                    erasure.Secrets, erasure.UserId, erasure.IpAddress, erasure.Resource, erasure.EventId, selection.OrgId,
                    EventById.Time(erasure.EventId)));
            }
            var record = selection.Record with
            {
                Events = outcome.Erased.Count,
                Details = outcome.DetailsErased,
                HeldBack = outcome.HeldBack.Count,
            };
            batch.BatchCommands.Add(BatchCommand($"""
                INSERT INTO erasures ({PrivacyRows.ErasureColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
                """, record.Id, record.OrgId, record.SubjectHash, record.Scope, record.RequestedBy,
                record.ErasedAt.ToUnixTimeMilliseconds(), record.Events, record.Details, record.HeldBack));
            await batch.ExecuteNonQueryAsync(token);
            return outcome;
        }, cancellationToken);

    public Task SetReceiptAsync(string erasureId, string receiptEventId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null,
            "UPDATE erasures SET receipt_event_id = $1 WHERE id = $2", token, receiptEventId, erasureId), cancellationToken);

    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(string orgId, int limit, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ListAsync(connection,
            $"SELECT {PrivacyRows.ErasureColumns} FROM erasures WHERE org_id = $1 ORDER BY erased_at DESC, id LIMIT $2",
            PrivacyRows.ReadErasure, token, orgId, limit), cancellationToken);

    public async Task<(long Erasures, long ActiveHolds)> CountsAsync(string orgId, CancellationToken cancellationToken) =>
        (await database.RunAsync((connection, token) => ListAsync(connection, """
            SELECT (SELECT COUNT(*) FROM erasures WHERE org_id = $1),
                   (SELECT COUNT(*) FROM legal_holds WHERE org_id = $1 AND released_at IS NULL)
            """, reader => (reader.GetInt64(0), reader.GetInt64(1)), token, orgId), cancellationToken))[0];

    /// <summary>
    /// A session advisory lock, held on a dedicated (unpooled) connection while the job runs: when several nodes share
    /// the database, exactly one runs the job and the others skip this round. The lock lives as long as that
    /// connection's session, so a node that dies or loses the connection mid-job releases it, and a pooled connection
    /// never carries it to another user.
    /// </summary>
    public async Task<bool> RunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await database.OpenDedicatedAsync(cancellationToken);
        }
        catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
        {
            throw database.Unavailable(e);
        }
        await using (connection)
        {
            var key = JobLockKey(job);
            try
            {
                await using var take = Create(connection, "SELECT pg_try_advisory_lock($1)", key);
                if (await take.ExecuteScalarAsync(cancellationToken) is not true)
                    return false;
            }
            catch (Exception e) when (PostgresFailures.IsUnavailable(e, cancellationToken))
            {
                throw database.Unavailable(e);
            }
            // Closing the connection ends its session, which releases the lock: no unlock statement is needed.
            await work(cancellationToken);
            return true;
        }
    }

    /// <summary>The advisory lock key of a job: stable across nodes and versions.</summary>
    public static long JobLockKey(string job) =>
        BitConverter.ToInt64(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("mudbase-job:" + job)), 0);
}
