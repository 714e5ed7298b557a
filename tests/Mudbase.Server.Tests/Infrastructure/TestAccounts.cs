using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mudbase.Server.Tests.Infrastructure;

public sealed record TestAccount(string Email, string Password, string Token, string RefreshToken, string UserId, string OrgId);

public static class TestAccounts
{
    public const string Password = "correct horse battery";

    public static async Task<TestAccount> RegisterAsync(HttpClient client, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@northwind.dev";
        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { email, password = Password, firstName = "Morgan", lastName = "Chen" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var root = body.RootElement;
        var user = root.GetProperty("user");
        return new TestAccount(email, Password, root.GetProperty("token").GetString()!, root.GetProperty("refreshToken").GetString()!,
            user.GetProperty("id").GetString()!, user.GetProperty("orgId").GetString()!);
    }

    public static HttpClient Authorized(this MudbaseFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
