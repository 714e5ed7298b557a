using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresWebhookStore(PostgresDatabase database) : IWebhookStore
{
    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken) =>
        RunAsync(WebhookSql.Insert, cancellationToken, WebhookSql.InsertValues(webhook));

    public async Task<WebhookRecord?> FindAsync(string orgId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync(WebhookSql.Find, WebhookSql.ReadWebhook, cancellationToken, orgId, id)).FirstOrDefault();

    public async Task<IReadOnlyList<WebhookRecord>> ListAsync(string orgId, CancellationToken cancellationToken) =>
        await QueryAsync(WebhookSql.List, WebhookSql.ReadWebhook, cancellationToken, orgId);

    public async Task<bool> UpdateSettingsAsync(WebhookRecord webhook, CancellationToken cancellationToken) =>
        await RunAsync(WebhookSql.UpdateSettings, cancellationToken, WebhookSql.SettingsValues(webhook)) == 1;

    public async Task<bool> SetSecretsAsync(
        string orgId, string id, string secret, string? previous, DateTimeOffset? previousUntil, DateTimeOffset now, CancellationToken cancellationToken) =>
        await RunAsync(WebhookSql.SetSecrets, cancellationToken, orgId, id, secret, previous, previousUntil?.ToUnixTimeMilliseconds(),
            now.ToUnixTimeMilliseconds()) == 1;

    public Task<bool> DeleteAsync(string orgId, string id, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            if (await ExecuteAsync(connection, transaction, WebhookSql.Delete, token, orgId, id) != 1)
                return false;
            await ExecuteAsync(connection, transaction, WebhookSql.DeleteAttempts, token, id);
            await ExecuteAsync(connection, transaction, WebhookSql.DeleteDeadLetters, token, id);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<WebhookRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(WebhookSql.Due, WebhookSql.ReadWebhook, cancellationToken, now.ToUnixTimeMilliseconds(), (long)limit);

    public async Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await RunAsync(WebhookSql.Lease, cancellationToken, id, owner, now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds()) == 1;

    public Task<bool> SaveProgressAsync(
        WebhookProgress progress, string owner, IReadOnlyList<DeliveryAttemptRecord> attempts, IReadOnlyList<DeadLetterRecord> deadLetters,
        CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            if (await ExecuteAsync(connection, transaction, WebhookSql.Progress, token, WebhookSql.ProgressValues(progress, owner)) != 1)
                return false;
            foreach (var attempt in attempts)
                await ExecuteAsync(connection, transaction, WebhookSql.InsertAttempt, token, WebhookSql.AttemptValues(attempt));
            foreach (var deadLetter in deadLetters)
                await ExecuteAsync(connection, transaction, WebhookSql.InsertDeadLetter, token, WebhookSql.DeadLetterValues(deadLetter));
            if (attempts.Count > 0)
                await ExecuteAsync(connection, transaction, WebhookSql.PruneAttempts, token, progress.Id,
                    (attempts[0].AttemptedAt - WebhookSql.AttemptRetention).ToUnixTimeMilliseconds());
            return true;
        }, cancellationToken);

    public Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken) =>
        RunAsync(WebhookSql.Release, cancellationToken, id, owner);

    public Task AddAttemptAsync(DeliveryAttemptRecord attempt, CancellationToken cancellationToken) =>
        RunAsync(WebhookSql.InsertAttempt, cancellationToken, WebhookSql.AttemptValues(attempt));

    public async Task<IReadOnlyList<DeliveryAttemptRecord>> AttemptsAsync(string webhookId, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(WebhookSql.Attempts, WebhookSql.ReadAttempt, cancellationToken, webhookId, (long)limit);

    public async Task<IReadOnlyList<DeadLetterRecord>> DeadLettersAsync(string webhookId, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(WebhookSql.DeadLetters, WebhookSql.ReadDeadLetter, cancellationToken, webhookId, (long)limit);

    public Task RemoveDeadLetterAsync(string webhookId, long sequence, CancellationToken cancellationToken) =>
        RunAsync(WebhookSql.RemoveDeadLetter, cancellationToken, webhookId, sequence);

    private Task<int> RunAsync(string sql, CancellationToken cancellationToken, params object?[] values) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, sql, token, values), cancellationToken);

    private Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] values) =>
        database.RunAsync((connection, token) => PostgresCommands.ListAsync(connection, sql, map, token, values), cancellationToken);
}
