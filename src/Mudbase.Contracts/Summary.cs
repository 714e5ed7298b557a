using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Answer of <c>GET /api/compliance/summary</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Data">The summary.</param>
/// <param name="Compliance">The capability flags of <paramref name="Data"/> again, where the official contract's schema puts them.</param>
public sealed record ComplianceSummaryResponse(bool Success, ComplianceSummary Data, ComplianceFlags Compliance);

/// <summary>The capability flags alone, as the official contract's <c>compliance</c> object.</summary>
/// <param name="Gdpr">GDPR capabilities.</param>
/// <param name="Soc2">SOC 2 capabilities.</param>
/// <param name="Security">Security controls.</param>
public sealed record ComplianceFlags(GdprFlags Gdpr, Soc2Flags Soc2, SecurityFlags Security);

/// <summary>Compliance posture of the deployment and activity of the caller's organisation.</summary>
/// <param name="Gdpr">GDPR capabilities.</param>
/// <param name="Soc2">SOC 2 capabilities.</param>
/// <param name="Security">Security controls.</param>
/// <param name="Events">Event counts.</param>
/// <param name="Ledger">State of the organisation's log.</param>
/// <param name="TwoFactor">Two-factor sign-in coverage of the organisation's members.</param>
public sealed record ComplianceSummary(
    GdprFlags Gdpr, Soc2Flags Soc2, SecurityFlags Security, EventSummary Events, LedgerSummary Ledger, TwoFactorCoverage? TwoFactor = null);

/// <summary>How many members sign in with a second factor.</summary>
/// <param name="Members">Members of the organisation.</param>
/// <param name="Enabled">Members with two-factor sign-in on.</param>
/// <param name="CoveragePercent">Their share, 0–100.</param>
/// <param name="RequiredForRoles">Roles the organisation requires it of.</param>
/// <param name="RequiredButMissing">Members in those roles without it.</param>
public sealed record TwoFactorCoverage(int Members, int Enabled, double CoveragePercent, IReadOnlyList<string> RequiredForRoles, int RequiredButMissing);

/// <summary>GDPR capabilities, each true only when this deployment actually provides it.</summary>
/// <param name="DataExportEnabled">A data subject's personal data can be exported (Art. 15).</param>
/// <param name="DataErasureEnabled">A data subject's personal data can be erased (Art. 17).</param>
/// <param name="ConsentManagement">Consent records are managed.</param>
/// <param name="RetentionDays">The organisation's retention period for detail values; null keeps them.</param>
/// <param name="Erasures">Erasures recorded in the organisation (subject, account and retention).</param>
/// <param name="ActiveLegalHolds">Legal holds in force.</param>
public sealed record GdprFlags(
    bool DataExportEnabled, bool DataErasureEnabled, bool ConsentManagement,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? RetentionDays = null, long Erasures = 0, long ActiveLegalHolds = 0);

/// <summary>SOC 2 capabilities.</summary>
/// <param name="AccessReviewsEnabled">Periodic access reviews can be recorded.</param>
/// <param name="AuditLoggingEnabled">The tamper-evident log is recording and its latest self-check passed.</param>
/// <param name="EncryptionEnabled">This request reached the server over TLS.</param>
public sealed record Soc2Flags(bool AccessReviewsEnabled, bool AuditLoggingEnabled, bool EncryptionEnabled);

/// <summary>Security controls.</summary>
/// <param name="PasswordPolicy"><c>enabled</c>: passwords are length-checked (8 to 128 characters) and hashed with PBKDF2-SHA256 (600,000 iterations).</param>
/// <param name="VirusScanning">Uploaded files are scanned.</param>
/// <param name="EncryptionAtRest">The operator declared the storage encrypted at rest (<c>Mudbase:Compliance:EncryptionAtRest</c>).</param>
public sealed record SecurityFlags(string PasswordPolicy, bool VirusScanning, bool EncryptionAtRest);

/// <summary>Event counts of the organisation.</summary>
/// <param name="Total">All events ever recorded.</param>
/// <param name="LastEventAt">When the latest was recorded.</param>
/// <param name="Last24Hours">Counts over the last 24 hours.</param>
/// <param name="Last7Days">Counts over the last 7 days.</param>
/// <param name="Last30Days">Counts over the last 30 days.</param>
public sealed record EventSummary(long Total, DateTimeOffset? LastEventAt, EventWindow Last24Hours, EventWindow Last7Days, EventWindow Last30Days);

/// <summary>Counts over one time window.</summary>
/// <param name="Total">Events in the window.</param>
/// <param name="BySeverity">Per severity (every level present, zero included).</param>
/// <param name="ByType">Per event type seen in the window.</param>
public sealed record EventWindow(long Total, IReadOnlyDictionary<string, long> BySeverity, IReadOnlyDictionary<string, long> ByType);

/// <summary>State of the organisation's Merkle log.</summary>
/// <param name="TreeSize">Leaves in the log.</param>
/// <param name="RootHash">Base64 root of the latest checkpoint.</param>
/// <param name="LastCheckpointAt">When the latest checkpoint was signed.</param>
/// <param name="SelfCheck">Latest self-check of this log; null before the first run.</param>
public sealed record LedgerSummary(long TreeSize, string RootHash, DateTimeOffset? LastCheckpointAt, SelfCheckView? SelfCheck);

/// <summary>Outcome of the latest ledger self-check.</summary>
/// <param name="Ok">True when the stored events re-derive the signed checkpoint.</param>
/// <param name="CheckedAt">When it ran.</param>
/// <param name="Problem">What failed, when not ok.</param>
/// <param name="FirstBadLeafIndex">First leaf index found inconsistent, when known.</param>
public sealed record SelfCheckView(bool Ok, DateTimeOffset CheckedAt, string? Problem, long? FirstBadLeafIndex);
