using System.Text.Json;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Org;

internal sealed record InviteInput(string Email, string Role);

/// <summary>The profile of an account created by accepting an invite.</summary>
internal sealed record NewAccount(string Password, string FirstName, string LastName);

internal sealed record AcceptanceInput(string Token, NewAccount? Account);

/// <summary>Validates member and invite request bodies, naming every bad field.</summary>
internal static class OrgInputs
{
    private static readonly string RoleList = string.Join(", ", Roles.All);

    public static (InviteInput? Value, Dictionary<string, string> Errors) ParseInvite(JsonElement root)
    {
        var fields = new JsonFields(root);
        var email = AuthInputs.Email(fields);
        var role = Role(fields);
        return fields.Errors.Count == 0 ? (new InviteInput(email!, role!), fields.Errors) : (null, fields.Errors);
    }

    /// <summary>The password and names are read only when the caller is not signed in: then an account is created.</summary>
    public static (AcceptanceInput? Value, Dictionary<string, string> Errors) ParseAcceptance(JsonElement root, bool createsAccount)
    {
        var fields = new JsonFields(root);
        var token = fields.RequiredString("token", 256);
        NewAccount? account = null;
        if (createsAccount)
        {
            var password = AuthInputs.NewPassword(fields);
            var first = fields.RequiredString("firstName", 100);
            var last = fields.RequiredString("lastName", 100);
            if (password is not null && first is not null && last is not null)
                account = new NewAccount(password, first.Trim(), last.Trim());
        }
        return fields.Errors.Count == 0 ? (new AcceptanceInput(token!, account), fields.Errors) : (null, fields.Errors);
    }

    public static (string? Role, Dictionary<string, string> Errors) ParseRoleChange(JsonElement root)
    {
        var fields = new JsonFields(root);
        var role = Role(fields);
        return (fields.Errors.Count == 0 ? role : null, fields.Errors);
    }

    private static string? Role(JsonFields fields)
    {
        var role = fields.RequiredString("role", 32);
        if (role is null || Roles.All.Contains(role))
            return role;
        fields.Add("role", $"must be one of {RoleList}");
        return null;
    }
}
