using System.Net.Mail;
using System.Text.Json;
using Mudbase.Server.Http;

namespace Mudbase.Server.Auth;

internal sealed record Registration(string Email, string Password, string FirstName, string LastName, string? OrgName);

internal sealed record Credentials(string Email, string Password);

/// <summary>Validates auth request bodies, naming every bad field.</summary>
internal static class AuthInputs
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public static (Registration? Value, Dictionary<string, string> Errors) ParseRegistration(JsonElement root)
    {
        var fields = new JsonFields(root);
        var email = Email(fields);
        var password = NewPassword(fields);
        var first = fields.RequiredString("firstName", 100);
        var last = fields.RequiredString("lastName", 100);
        var org = fields.OptionalString("orgName", 200);
        return fields.Errors.Count == 0
            ? (new Registration(email!, password!, first!.Trim(), last!.Trim(), string.IsNullOrWhiteSpace(org) ? null : org.Trim()), fields.Errors)
            : (null, fields.Errors);
    }

    public static (Credentials? Value, Dictionary<string, string> Errors) ParseCredentials(JsonElement root)
    {
        var fields = new JsonFields(root);
        var email = fields.RequiredString("email", 254);
        var password = fields.RequiredString("password", MaxPasswordLength);
        return fields.Errors.Count == 0
            ? (new Credentials(Normalize(email!), password!), fields.Errors)
            : (null, fields.Errors);
    }

    public static (string? Token, Dictionary<string, string> Errors) ParseRefreshToken(JsonElement root)
    {
        var fields = new JsonFields(root);
        var token = fields.RequiredString("refreshToken", 512);
        return (token, fields.Errors);
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A new password in field <paramref name="name"/>, within the length bounds.</summary>
    public static string? NewPassword(JsonFields fields, string name = "password")
    {
        var password = fields.RequiredString(name, int.MaxValue);
        if (password is null)
            return null;
        if (password.Length < MinPasswordLength)
            fields.Add(name, $"must be at least {MinPasswordLength} characters");
        else if (password.Length > MaxPasswordLength)
            fields.Add(name, $"must be at most {MaxPasswordLength} characters");
        else
            return password;
        return null;
    }

    /// <summary>A required, well-formed e-mail address, normalised.</summary>
    public static string? Email(JsonFields fields)
    {
        var email = fields.RequiredString("email", 254);
        if (email is null)
            return null;
        if (!MailAddress.TryCreate(email.Trim(), out var address) || address.Address != email.Trim() || !address.Host.Contains('.'))
        {
            fields.Add("email", "must be a valid e-mail address");
            return null;
        }
        return Normalize(email);
    }
}
