using Microsoft.Data.Sqlite;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
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
        await RunAsync(WebhookSql.SetSecrets, cancellationToken, orgId, id, secret, previous, Ms(previousUntil), Ms(now)) == 1;

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await ExecuteAsync(connection, WebhookSql.Delete, cancellationToken, Positional(orgId, id)) == 1;
        if (deleted)
        {
            await ExecuteAsync(connection, WebhookSql.DeleteAttempts, cancellationToken, Positional(id));
            await ExecuteAsync(connection, WebhookSql.DeleteDeadLetters, cancellationToken, Positional(id));
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<IReadOnlyList<WebhookRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(WebhookSql.Due, WebhookSql.ReadWebhook, cancellationToken, Ms(now), (long)limit);

    public async Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await RunAsync(WebhookSql.Lease, cancellationToken, id, owner, Ms(now), Ms(until)) == 1;

    public async Task<bool> SaveProgressAsync(
        WebhookProgress progress, string owner, IReadOnlyList<DeliveryAttemptRecord> attempts, IReadOnlyList<DeadLetterRecord> deadLetters,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(connection, WebhookSql.Progress, cancellationToken, Positional(WebhookSql.ProgressValues(progress, owner))) != 1)
            return false;
        foreach (var attempt in attempts)
            await ExecuteAsync(connection, WebhookSql.InsertAttempt, cancellationToken, Positional(WebhookSql.AttemptValues(attempt)));
        foreach (var deadLetter in deadLetters)
            await ExecuteAsync(connection, WebhookSql.InsertDeadLetter, cancellationToken, Positional(WebhookSql.DeadLetterValues(deadLetter)));
        var oldest = attempts.Count > 0 ? attempts[0].AttemptedAt - WebhookSql.AttemptRetention : (DateTimeOffset?)null;
        if (oldest is { } before)
            await ExecuteAsync(connection, WebhookSql.PruneAttempts, cancellationToken, Positional(progress.Id, Ms(before)));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

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

    private async Task<int> RunAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, sql, cancellationToken, Positional(values));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqliteCommands.ListAsync(connection, sql, map, cancellationToken, Positional(values));
    }

    private static (string Name, object? Value)[] Positional(params object?[] values) =>
        values.Select((value, index) => ($"${index + 1}", value)).ToArray();
}
