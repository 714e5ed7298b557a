using Npgsql;
using static Mudbase.Server.Storage.Postgres.PostgresCommands;

namespace Mudbase.Server.Storage.Postgres;

internal sealed class PostgresRuleStore(PostgresDatabase database) : IRuleStore
{
    public Task EnsureOrgAsync(string orgId, IReadOnlyList<RuleRecord> defaults, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, RuleSql.CreateCursor("$1", "$2"), token, orgId, now.ToUnixTimeMilliseconds());
            if (await ExecuteAsync(connection, transaction, RuleSql.ClaimSeeding("$1"), token, orgId) == 1)
            {
                foreach (var rule in defaults)
                    await InsertAsync(connection, transaction, rule, token);
            }
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<RuleRecord>> ListAsync(string orgId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => PostgresCommands.ListAsync(connection, RuleSql.List("$1"), RuleSql.Read, token, orgId), cancellationToken);

    public Task<RuleRecord?> FindAsync(string orgId, string ruleId, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, RuleSql.Find("$1", "$2"), RuleSql.Read, token, orgId, ruleId),
            cancellationToken);

    public Task InsertAsync(RuleRecord rule, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => InsertAsync(connection, null, rule, token), cancellationToken);

    public async Task<bool> UpdateAsync(string orgId, string ruleId, string definition, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, RuleSql.Update("$1", "$2", "$3", "$4"), token,
            orgId, ruleId, definition, now.ToUnixTimeMilliseconds()), cancellationToken) == 1;

    public async Task<bool> DeleteAsync(string orgId, string ruleId, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, RuleSql.Delete("$1", "$2"), token, orgId, ruleId),
            cancellationToken) == 1;

    public Task<RuleCursor?> TryLeaseAsync(string orgId, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => SingleOrDefaultAsync(connection, RuleSql.Lease("$1", "$2", "$3", "$4"), RuleSql.ReadCursor,
            token, orgId, node, now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task<bool> SaveCursorAsync(
        string orgId, string node, RuleCursor cursor, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await database.RunAsync((connection, token) => ExecuteAsync(connection, null, RuleSql.Save("$1", "$2", "$3", "$4", "$5", "$6"), token,
            orgId, node, cursor.LastSequence, cursor.State, now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds()), cancellationToken) == 1;

    public Task ReleaseLeasesAsync(string node, CancellationToken cancellationToken) =>
        database.RunAsync((connection, token) => ExecuteAsync(connection, null, RuleSql.Release("$1"), token, node), cancellationToken);

    private static Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RuleRecord rule, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, RuleSql.Insert("$1", "$2", "$3", "$4", "$5", "$6"), cancellationToken,
            rule.Id, rule.OrgId, rule.Definition, rule.BuiltIn, rule.CreatedAt.ToUnixTimeMilliseconds(), rule.UpdatedAt.ToUnixTimeMilliseconds());
}
