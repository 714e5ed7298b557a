using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Rules;

/// <summary>The rules every organisation starts with; each can be edited, disabled or deleted.</summary>
internal static class RuleDefaults
{
    public const string DerivedType = "suspicious_api_activity";

    private static readonly Dictionary<string, string> NoDetails = new(StringComparer.Ordinal);

    public static IReadOnlyList<(string BuiltIn, RuleDefinition Rule)> All { get; } =
    [
        ("repeated-unauthorized-access", new RuleDefinition(
            "Repeated unauthorized access from one address",
            "Five unauthorized access attempts from the same ipAddress within five minutes.", true,
            new RuleMatch(["unauthorized_access_attempt"], null, NoDetails, null), "ipAddress", 5, 300,
            new RuleEmit(DerivedType, Severities.High))),
        ("bulk-export-outside-hours", new RuleDefinition(
            "Bulk data export outside working hours",
            "A bulk_data_export before 08:00, from 18:00 or at the weekend (UTC); once per user per hour.", true,
            new RuleMatch(["bulk_data_export"], null, NoDetails, new WorkingHours(8, 18, "UTC")), "userId", 1, 3600,
            new RuleEmit(DerivedType, Severities.High))),
        ("admin-privilege-escalation", new RuleDefinition(
            "Admin privilege escalation",
            "Any admin_privilege_escalation; once per user per minute.", true,
            new RuleMatch(["admin_privilege_escalation"], null, NoDetails, null), "userId", 1, 60,
            new RuleEmit(DerivedType, Severities.Critical))),
        ("mfa-bypass-attempt", new RuleDefinition(
            "MFA bypass attempt",
            "Any mfa_bypass_attempt; once per user per five minutes.", true,
            new RuleMatch(["mfa_bypass_attempt"], null, NoDetails, null), "userId", 1, 300,
            new RuleEmit(DerivedType, Severities.High))),
    ];

    public static IReadOnlyList<RuleRecord> For(string orgId, DateTimeOffset now) =>
        All.Select((rule, index) => new RuleRecord(Ids.New("rul"), orgId,
                JsonSerializer.Serialize(rule.Rule, RulesJsonContext.Default.RuleDefinition), rule.BuiltIn,
                now.AddMilliseconds(index), now.AddMilliseconds(index)))
            .ToList();
}
