namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// The lease that makes one transaction at a time the integrator of an organisation: a transaction-level advisory
/// lock keyed by this class id and <c>hashtext(org_id)</c>. Two organisations whose ids hash alike share a lease,
/// which only serialises them. Operators and tests can hold it with <c>pg_advisory_lock(ClassId, hashtext(org))</c>.
/// </summary>
internal static class PostgresIntakeLease
{
    /// <summary>"Mudb" in ASCII: the advisory-lock class of the integrator lease.</summary>
    public const int ClassId = 0x4D756462;

    /// <summary>The channel on which an integration is announced at commit.</summary>
    public const string Channel = "mudbase_intake";
}
