using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>Validates a processing profile, naming every bad field.</summary>
internal static class ProcessingProfileInput
{
    private const int MaxText = 500;
    private const int MaxItems = 50;

    public static ProcessingProfile? Parse(JsonElement root, Dictionary<string, string> errors)
    {
        var fields = new JsonFields(root);
        if (!fields.IsObject)
        {
            errors["body"] = "must be a JSON object";
            return null;
        }
        var profile = new ProcessingProfile(
            Contact(fields, "controller"), Contact(fields, "dataProtectionOfficer"), Contact(fields, "representative"),
            List(fields, "purposes"), fields.OptionalString("legalBasis", MaxText), List(fields, "dataSubjectCategories"),
            List(fields, "recipients"), List(fields, "transfers"));
        foreach (var (field, message) in fields.Errors)
            errors[field] = message;
        return errors.Count == 0 ? profile : null;
    }

    private static ContactDetails? Contact(JsonFields fields, string name)
    {
        if (fields.Optional(name) is not { } value)
            return null;
        var inner = new JsonFields(value, name + ".");
        if (!inner.IsObject)
        {
            fields.Add(name, "must be an object with name, email, address and phone");
            return null;
        }
        var contact = new ContactDetails(inner.OptionalString("name", 200), inner.OptionalString("email", 254),
            inner.OptionalString("address", MaxText), inner.OptionalString("phone", 50));
        foreach (var (field, message) in inner.Errors)
            fields.Add(field, message);
        return contact;
    }

    private static List<string>? List(JsonFields fields, string name)
    {
        if (fields.Optional(name) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxItems
            || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String || item.GetString()!.Length is 0 or > MaxText))
        {
            fields.Add(name, $"must be an array of at most {MaxItems} non-empty strings of at most {MaxText} characters");
            return null;
        }
        return value.EnumerateArray().Select(item => item.GetString()!).ToList();
    }
}
