using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Gdpr;

/// <summary>Validates the bodies of the data-subject endpoints, naming every bad field.</summary>
internal static partial class PrivacyInputs
{
    public const string Confirmation = "DELETE";
    public const int MaxSubjectIdLength = 256;
    private const int MaxPersonalKeys = 32;

    public static (EraseAccountRequest? Value, Dictionary<string, string> Errors) ParseEraseAccount(JsonElement root)
    {
        var fields = new JsonFields(root);
        var confirm = Confirm(fields, required: true);
        var password = fields.OptionalString("currentPassword", 128);
        var totp = fields.OptionalString("totpToken", 16);
        if (totp is not null && !TotpPattern().IsMatch(totp))
            fields.Add("totpToken", "must be a 6 to 8 digit code");
        return fields.Errors.Count == 0 ? (new EraseAccountRequest(confirm!, password, totp), fields.Errors) : (null, fields.Errors);
    }

    public static (EraseSubjectRequest? Value, Dictionary<string, string> Errors) ParseEraseSubject(JsonElement root)
    {
        var fields = new JsonFields(root);
        var dryRun = false;
        if (fields.Optional("dryRun") is { } flag)
        {
            if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
                dryRun = flag.GetBoolean();
            else
                fields.Add("dryRun", "must be true or false");
        }
        var confirm = Confirm(fields, required: !dryRun);
        return fields.Errors.Count == 0 ? (new EraseSubjectRequest(confirm, dryRun), fields.Errors) : (null, fields.Errors);
    }

    public static (RetentionPolicyRequest? Value, Dictionary<string, string> Errors) ParseRetention(JsonElement root)
    {
        var fields = new JsonFields(root);
        if (!fields.IsObject)
            fields.Add("body", "must be a JSON object");
        int? days = null;
        if (fields.Optional("retentionDays") is { } value)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
                && number is >= GdprOptions.MinRetentionDays and <= GdprOptions.MaxRetentionDays)
                days = number;
            else
                fields.Add("retentionDays", $"must be null or a whole number of days from {GdprOptions.MinRetentionDays} to {GdprOptions.MaxRetentionDays}");
        }
        List<string>? keys = null;
        if (fields.Optional("personalKeys") is { } list)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxPersonalKeys
                || list.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String || !KeyPattern().IsMatch(k.GetString()!)))
                fields.Add("personalKeys", $"must be an array of at most {MaxPersonalKeys} detail keys (letters, digits, _ . -; at most 64 characters)");
            else
                keys = list.EnumerateArray().Select(k => k.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        }
        return fields.Errors.Count == 0 ? (new RetentionPolicyRequest(days, keys), fields.Errors) : (null, fields.Errors);
    }

    public static (CreateLegalHoldRequest? Value, Dictionary<string, string> Errors) ParseHold(JsonElement root)
    {
        var fields = new JsonFields(root);
        var reason = fields.RequiredString("reason", 500);
        var subject = fields.OptionalString("subjectId", MaxSubjectIdLength);
        var from = Time(fields, "from");
        var to = Time(fields, "to");
        if (fields.Errors.Count == 0 && subject is null && from is null && to is null)
            fields.Add("subjectId", "a hold needs a subjectId, a from/to range, or both");
        if (from is not null && to is not null && from >= to)
            fields.Add("to", "must be after from");
        return fields.Errors.Count == 0 ? (new CreateLegalHoldRequest(reason!, subject, from, to), fields.Errors) : (null, fields.Errors);
    }

    /// <summary>A subject id from a path: what the events carry as details.userId, within bounds.</summary>
    public static ApiProblem? CheckSubjectId(string subjectId) =>
        subjectId.Length is 0 or > MaxSubjectIdLength || subjectId.Any(char.IsControl)
            ? ApiProblem.Validation("userId", $"must be 1 to {MaxSubjectIdLength} characters without control characters")
            : null;

    private static string? Confirm(JsonFields fields, bool required)
    {
        var confirm = required ? fields.RequiredString("confirm", 16) : fields.OptionalString("confirm", 16);
        if (confirm is not null && confirm != Confirmation)
        {
            fields.Add("confirm", $"must be \"{Confirmation}\"");
            return null;
        }
        if (required && confirm is null)
            fields.Add("confirm", $"must be \"{Confirmation}\"");
        return confirm;
    }

    private static DateTimeOffset? Time(JsonFields fields, string name)
    {
        var text = fields.OptionalString(name, 64);
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
        fields.Add(name, "must be an ISO 8601 date-time");
        return null;
    }

    [GeneratedRegex("^[0-9]{6,8}$")]
    private static partial Regex TotpPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex KeyPattern();
}
