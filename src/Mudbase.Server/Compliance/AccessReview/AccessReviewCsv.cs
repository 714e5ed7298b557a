using System.Globalization;
using System.Text;
using Mudbase.Contracts;
using Mudbase.Server.Compliance.Export;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>The access review as one spreadsheet table: a row per user, API key and finding, told apart by <c>type</c>.</summary>
internal static class AccessReviewCsv
{
    private const string Header =
        "type,id,name,email,role,status,joinedAt,leftAt,lastSignInAt,twoFactorEnabled,scopes,createdBy,createdAt,lastUsedAt,expiresAt,roleChanges,severity,reason,recommendation";

    public static string Write(AccessReviewReport report)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var user in report.Users)
            Row(csv, "user", user.UserId, $"{user.FirstName} {user.LastName}".Trim(), user.Email, user.Role, user.Status, Time(user.JoinedAt),
                Time(user.LeftAt), Time(user.LastSignInAt), user.TwoFactorEnabled ? "true" : "false", null, null, null, null, null,
                string.Join("; ", user.RoleChanges.Select(c => $"{Time(c.At)} {c.From ?? "(joined)"} -> {c.To ?? "(removed)"}")), null, null, null);
        foreach (var key in report.ApiKeys)
            Row(csv, "apiKey", key.Id, key.Name, null, null, key.Status, null, null, null, null, string.Join(' ', key.Scopes), key.CreatedBy,
                Time(key.CreatedAt), Time(key.LastUsedAt), Time(key.ExpiresAt), null, null, null, null);
        foreach (var finding in report.Findings)
            Row(csv, "finding", finding.Id, finding.Kind, null, null, null, null, null, null, null, null, null, null, null, null, null,
                finding.Severity, finding.Reason, finding.Recommendation);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string?[] cells) =>
        csv.Append(string.Join(',', cells.Select(CsvExportFormat.Escape))).Append("\r\n");

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString(UtcTimestampConverter.Format, CultureInfo.InvariantCulture);
}
