using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>
/// Names the category of personal data of an event detail key. The keys come from the events themselves; the
/// category is read from the key's name, and keys it does not know are listed for the controller to classify.
/// </summary>
internal static class PersonalDataCategories
{
    public const string Unclassified = "Other event details (classify: may contain personal data)";

    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["userId"] = "Identifiers (user id)",
        ["changedBy"] = "Identifiers (user id of who made an access change)",
        ["ipAddress"] = "Online identifiers (IP address)",
        ["userAgent"] = "Device data (browser or client user agent)",
        ["email"] = "Contact data (e-mail address)",
        ["resource"] = "Activity data (resource accessed)",
        ["action"] = "Activity data (action taken)",
        ["reason"] = "Activity data (free-text reason)",
        ["previousRole"] = "Access rights (role before a change)",
        ["newRole"] = "Access rights (role after a change)",
    };

    public static PersonalDataCategory Of(DetailKeyUsage usage) =>
        new(Known.GetValueOrDefault(usage.Key) ?? Unclassified, usage.Key, usage.Events, usage.FirstSeen, usage.LastSeen);

    /// <summary>What an account holds about its user.</summary>
    public static IReadOnlyList<PersonalDataCategory> AccountFields { get; } =
    [
        new("Contact data (e-mail address)", "email"),
        new("Identity data (first and last name)", "firstName, lastName"),
        new("Authentication data (password hash, TOTP secret, hashed recovery codes)", "credentials"),
        new("Activity data (last sign-in, password change time)", "signIns"),
        new("Access rights (organisation role)", "role"),
    ];
}
