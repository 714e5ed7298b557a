namespace Mudbase.Server.Storage;

/// <summary>A detection rule as stored: its editable definition is JSON the rules feature owns.</summary>
internal sealed record RuleRecord(
    string Id, string OrgId, string Definition, string? BuiltIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Where rule evaluation of an organisation stands: every event up to <see cref="LastSequence"/> is evaluated.</summary>
internal sealed record RuleCursor(long LastSequence, string State);

/// <summary>Detection rules, and the evaluation cursor, window state and lease per organisation.</summary>
internal interface IRuleStore
{
    /// <summary>
    /// Makes sure the organisation has its evaluation cursor (at sequence 0 for a log that starts now) and, once
    /// ever, its built-in rules: a rule the organisation deletes is not brought back.
    /// </summary>
    Task EnsureOrgAsync(string orgId, IReadOnlyList<RuleRecord> defaults, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The organisation's rules, oldest first.</summary>
    Task<IReadOnlyList<RuleRecord>> ListAsync(string orgId, CancellationToken cancellationToken);

    Task<RuleRecord?> FindAsync(string orgId, string ruleId, CancellationToken cancellationToken);

    Task InsertAsync(RuleRecord rule, CancellationToken cancellationToken);

    /// <summary>Replaces the definition; false when the rule does not exist in the organisation.</summary>
    Task<bool> UpdateAsync(string orgId, string ruleId, string definition, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string orgId, string ruleId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the organisation's evaluation lease for <paramref name="node"/> until <paramref name="until"/>
    /// and returns the cursor; null while another node holds an unexpired lease.
    /// </summary>
    Task<RuleCursor?> TryLeaseAsync(string orgId, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Moves the cursor and saves the window state, only while <paramref name="node"/> still holds the lease.</summary>
    Task<bool> SaveCursorAsync(string orgId, string node, RuleCursor cursor, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives up every evaluation lease <paramref name="node"/> holds, so another node can take over at once.</summary>
    Task ReleaseLeasesAsync(string node, CancellationToken cancellationToken);
}

/// <summary>The SQL both providers share for rules; parameters are named by the caller (<c>$org</c> or <c>$1</c>).</summary>
internal static class RuleSql
{
    public const string Columns = "id, org_id, definition, built_in, created_at, updated_at";

    public static RuleRecord Read(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        StoredRows.Time(reader, 4), StoredRows.Time(reader, 5));

    public static RuleCursor ReadCursor(System.Data.Common.DbDataReader reader) => new(reader.GetInt64(0), reader.GetString(1));

    public static string CreateCursor(string org, string now) =>
        $"INSERT INTO rule_cursors (org_id, last_seq, state, updated_at) VALUES ({org}, 0, '{{}}', {now}) ON CONFLICT (org_id) DO NOTHING";

    public static string ClaimSeeding(string org) => $"UPDATE rule_cursors SET rules_seeded = 1 WHERE org_id = {org} AND rules_seeded = 0";

    public static string Insert(string id, string org, string definition, string builtIn, string created, string updated) =>
        $"INSERT INTO detection_rules ({Columns}) VALUES ({id}, {org}, {definition}, {builtIn}, {created}, {updated})";

    public static string List(string org) => $"SELECT {Columns} FROM detection_rules WHERE org_id = {org} ORDER BY created_at, id";

    public static string Find(string org, string id) => $"SELECT {Columns} FROM detection_rules WHERE org_id = {org} AND id = {id}";

    public static string Update(string org, string id, string definition, string now) =>
        $"UPDATE detection_rules SET definition = {definition}, updated_at = {now} WHERE org_id = {org} AND id = {id}";

    public static string Delete(string org, string id) => $"DELETE FROM detection_rules WHERE org_id = {org} AND id = {id}";

    public static string Lease(string org, string node, string now, string until) => $"""
        UPDATE rule_cursors SET lease_owner = {node}, lease_until = {until}
        WHERE org_id = {org} AND (lease_owner IS NULL OR lease_owner = {node} OR lease_until < {now})
        RETURNING last_seq, state
        """;

    public static string Save(string org, string node, string seq, string state, string now, string until) => $"""
        UPDATE rule_cursors SET last_seq = {seq}, state = {state}, updated_at = {now}, lease_until = {until}
        WHERE org_id = {org} AND lease_owner = {node}
        """;

    public static string Release(string node) => $"UPDATE rule_cursors SET lease_owner = NULL WHERE lease_owner = {node}";
}
