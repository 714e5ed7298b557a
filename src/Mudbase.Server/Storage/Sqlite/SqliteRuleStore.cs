using Microsoft.Data.Sqlite;
using static Mudbase.Server.Storage.Sqlite.SqliteCommands;

namespace Mudbase.Server.Storage.Sqlite;

internal sealed class SqliteRuleStore(SqliteDatabase database) : IRuleStore
{
    public async Task EnsureOrgAsync(string orgId, IReadOnlyList<RuleRecord> defaults, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, RuleSql.CreateCursor("$org", "$now"), cancellationToken, ("$org", orgId), ("$now", Ms(now)));
        if (await ExecuteAsync(connection, RuleSql.ClaimSeeding("$org"), cancellationToken, ("$org", orgId)) == 1)
        {
            foreach (var rule in defaults)
                await InsertAsync(connection, rule, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RuleRecord>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqliteCommands.ListAsync(connection, RuleSql.List("$org"), RuleSql.Read, cancellationToken, ("$org", orgId));
    }

    public async Task<RuleRecord?> FindAsync(string orgId, string ruleId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await SqliteCommands.ListAsync(connection, RuleSql.Find("$org", "$id"), RuleSql.Read, cancellationToken, ("$org", orgId), ("$id", ruleId)))
            .SingleOrDefault();
    }

    public async Task InsertAsync(RuleRecord rule, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, rule, cancellationToken);
    }

    public async Task<bool> UpdateAsync(string orgId, string ruleId, string definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, RuleSql.Update("$org", "$id", "$definition", "$now"), cancellationToken,
            ("$org", orgId), ("$id", ruleId), ("$definition", definition), ("$now", Ms(now))) == 1;
    }

    public async Task<bool> DeleteAsync(string orgId, string ruleId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, RuleSql.Delete("$org", "$id"), cancellationToken, ("$org", orgId), ("$id", ruleId)) == 1;
    }

    public async Task<RuleCursor?> TryLeaseAsync(string orgId, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await SqliteCommands.ListAsync(connection, RuleSql.Lease("$org", "$node", "$now", "$until"), RuleSql.ReadCursor, cancellationToken,
            ("$org", orgId), ("$node", node), ("$now", Ms(now)), ("$until", Ms(until)))).SingleOrDefault();
    }

    public async Task<bool> SaveCursorAsync(
        string orgId, string node, RuleCursor cursor, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, RuleSql.Save("$org", "$node", "$seq", "$state", "$now", "$until"), cancellationToken,
            ("$org", orgId), ("$node", node), ("$seq", cursor.LastSequence), ("$state", cursor.State), ("$now", Ms(now)), ("$until", Ms(until))) == 1;
    }

    public async Task ReleaseLeasesAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, RuleSql.Release("$node"), cancellationToken, ("$node", node));
    }

    private static Task<int> InsertAsync(SqliteConnection connection, RuleRecord rule, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, RuleSql.Insert("$id", "$org", "$definition", "$builtIn", "$created", "$updated"), cancellationToken,
            ("$id", rule.Id), ("$org", rule.OrgId), ("$definition", rule.Definition), ("$builtIn", rule.BuiltIn),
            ("$created", Ms(rule.CreatedAt)), ("$updated", Ms(rule.UpdatedAt)));
}
