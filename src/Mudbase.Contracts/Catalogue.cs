namespace Mudbase.Contracts;

/// <summary>The Mudbase catalogue of security event types. Custom snake_case slugs are accepted too.</summary>
public static class SecurityEventTypes
{
    /// <summary>Access to a resource was refused.</summary>
    public const string UnauthorizedAccessAttempt = "unauthorized_access_attempt";
    /// <summary>Repeated failed authentication.</summary>
    public const string BruteForceAttempt = "brute_force_attempt";
    /// <summary>API usage that looks abnormal.</summary>
    public const string SuspiciousApiActivity = "suspicious_api_activity";
    /// <summary>A private key left its store.</summary>
    public const string PrivateKeyExport = "private_key_export";
    /// <summary>A large export of data.</summary>
    public const string BulkDataExport = "bulk_data_export";
    /// <summary>A principal gained administrative rights.</summary>
    public const string AdminPrivilegeEscalation = "admin_privilege_escalation";
    /// <summary>A data breach was detected.</summary>
    public const string DataBreachDetected = "data_breach_detected";
    /// <summary>Multi-factor authentication was bypassed or attempted to be.</summary>
    public const string MfaBypassAttempt = "mfa_bypass_attempt";

    /// <summary>Every catalogue type.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UnauthorizedAccessAttempt, BruteForceAttempt, SuspiciousApiActivity, PrivateKeyExport,
        BulkDataExport, AdminPrivilegeEscalation, DataBreachDetected, MfaBypassAttempt,
    ];
}

/// <summary>Severity levels, lowest first.</summary>
public static class Severities
{
    /// <summary>Low.</summary>
    public const string Low = "low";
    /// <summary>Medium.</summary>
    public const string Medium = "medium";
    /// <summary>High.</summary>
    public const string High = "high";
    /// <summary>Critical.</summary>
    public const string Critical = "critical";

    /// <summary>Every level, lowest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Low, Medium, High, Critical];
}
