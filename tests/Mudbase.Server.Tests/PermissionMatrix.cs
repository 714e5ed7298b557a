using System.Net.Http.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

/// <summary>Who is calling, in the order of the matrix columns.</summary>
public enum Principal
{
    Owner,
    Admin,
    Auditor,
    Member,
    Viewer,
    ReadKey,
    WriteKey,
    Anonymous,
}

/// <summary>One endpoint and the exact status each principal gets from a well-formed request to it.</summary>
public sealed record MatrixRow(string Method, string Route, int[] Statuses, Func<MatrixContext, Task<HttpRequestMessage>> Request)
{
    public string Endpoint => $"{Method} {Route}";

    public int StatusFor(Principal principal) => Statuses[(int)principal];
}

/// <summary>
/// The role × endpoint matrix of every endpoint the server maps. docs/SECURITY.md mirrors this table, and
/// <see cref="PermissionMatrixTests"/> checks both that the server answers exactly this and that the doc agrees.
/// </summary>
public static class PermissionMatrix
{
    private static readonly int[] Everyone200 = [200, 200, 200, 200, 200, 200, 200, 200];
    private static readonly int[] UsersOnly200 = [200, 200, 200, 200, 200, 403, 403, 401];
    private static readonly int[] Readers200 = [200, 200, 200, 403, 403, 200, 403, 401];
    private static readonly int[] Writers200 = [200, 200, 200, 200, 200, 403, 200, 401];
    private static readonly int[] AccessReviewers200 = [200, 200, 200, 403, 403, 403, 403, 401];
    private static readonly int[] Administrators200 = [200, 200, 403, 403, 403, 403, 403, 401];
    private static readonly int[] Administrators201 = [201, 201, 403, 403, 403, 403, 403, 401];
    private static readonly int[] UsersOnly400 = [400, 400, 400, 400, 400, 403, 403, 401];

    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        new("POST", "/api/auth/register", [201, 201, 201, 201, 201, 201, 201, 201], _ => Ready(Post("/api/auth/register",
            new { email = $"reg-{Guid.NewGuid():N}@northwind.dev", password = TestAccounts.Password, firstName = "A", lastName = "B" }))),
        new("POST", "/api/auth/login", Everyone200, c => Ready(Post("/api/auth/login", new { email = c.Spare.Email, password = c.Spare.Password }))),
        new("POST", "/api/auth/refresh", Everyone200, async c => Post("/api/auth/refresh", new { refreshToken = await c.FreshRefreshTokenAsync() })),
        new("POST", "/api/auth/logout", UsersOnly200, _ => Ready(Post("/api/auth/logout", new { refreshToken = "rt_not_a_session" }))),
        new("GET", "/api/auth/session", UsersOnly200, _ => Ready(Get("/api/auth/session"))),
        new("GET", "/api/users/me", UsersOnly200, _ => Ready(Get("/api/users/me"))),
        // Signed-in callers are not the invited address; API keys never accept invites; anyone else creates the account.
        new("POST", "/api/auth/accept-invite", [403, 403, 403, 403, 403, 403, 403, 201], async c => Post("/api/auth/accept-invite",
            new { token = await c.FreshInviteAsync(), password = TestAccounts.Password, firstName = "A", lastName = "B" })),

        new("POST", "/api/org/invites", Administrators201, _ => Ready(Post("/api/org/invites",
            new { email = $"inv-{Guid.NewGuid():N}@northwind.dev", role = "member" }))),
        new("GET", "/api/org/members", AccessReviewers200, _ => Ready(Get("/api/org/members"))),
        new("PATCH", "/api/org/members/{userId}", Administrators200,
            c => Ready(Send(HttpMethod.Patch, $"/api/org/members/{c.Target.UserId}", new { role = "viewer" }))),
        new("DELETE", "/api/org/members/{userId}", Administrators200,
            async c => Send(HttpMethod.Delete, $"/api/org/members/{await c.FreshMemberAsync()}")),

        new("POST", "/api/api-keys", Administrators201, _ => Ready(Post("/api/api-keys", new { name = "matrix", scopes = new[] { "events:read" }, currentPassword = TestAccounts.Password }))),
        new("GET", "/api/api-keys", AccessReviewers200, _ => Ready(Get("/api/api-keys"))),
        new("DELETE", "/api/api-keys/{keyId}", Administrators200, async c => Send(HttpMethod.Delete, $"/api/api-keys/{await c.FreshKeyAsync()}")),
        new("PATCH", "/api/api-keys/{keyId}", Administrators200,
            async c => Send(HttpMethod.Patch, $"/api/api-keys/{await c.FreshKeyAsync()}", new { name = "renamed" })),
        new("GET", "/api/api-keys/{keyId}/usage", AccessReviewers200, async c => Get($"/api/api-keys/{await c.FreshKeyAsync()}/usage")),
        new("GET", "/api/api-keys/{keyId}", AccessReviewers200, async c => Get($"/api/api-keys/{await c.FreshKeyAsync()}")),
        new("POST", "/api/api-keys/{keyId}/regenerate", Administrators200,
            async c => Send(HttpMethod.Post, $"/api/api-keys/{await c.FreshKeyAsync()}/regenerate")),

        new("GET", "/api/orgs/{orgId}", UsersOnly200, c => Ready(Get($"/api/orgs/{c.OrgId}"))),
        new("PATCH", "/api/orgs/{orgId}", Administrators200, c => Ready(Send(HttpMethod.Patch, $"/api/orgs/{c.OrgId}", new { description = "matrix" }))),
        new("GET", "/api/orgs/{orgId}/members", AccessReviewers200, c => Ready(Get($"/api/orgs/{c.OrgId}/members"))),
        new("POST", "/api/orgs/{orgId}/invite", Administrators200, c => Ready(Post($"/api/orgs/{c.OrgId}/invite",
            new { email = $"inv-{Guid.NewGuid():N}@northwind.dev", role = "member" }))),
        new("PATCH", "/api/orgs/{orgId}/members/{userId}/role", Administrators200,
            c => Ready(Send(HttpMethod.Patch, $"/api/orgs/{c.OrgId}/members/{c.Target.UserId}/role", new { role = "viewer" }))),
        new("DELETE", "/api/orgs/{orgId}/members/{userId}", Administrators200,
            async c => Send(HttpMethod.Delete, $"/api/orgs/{c.OrgId}/members/{await c.FreshMemberAsync()}")),
        new("GET", "/api/orgs/{orgId}/users/{userId}/overview", Administrators200,
            c => Ready(Get($"/api/orgs/{c.OrgId}/users/{c.Target.UserId}/overview"))),

        new("POST", "/api/compliance/security-event", Writers200, _ => Ready(PostJson("/api/compliance/security-event", Json.SeedExample))),
        new("POST", "/api/compliance/security-events/batch", Writers200,
            _ => Ready(PostJson("/api/compliance/security-events/batch", $$"""{ "events": [{{Json.SeedExample}}] }"""))),
        new("GET", "/api/compliance/security-events", Readers200, _ => Ready(Get("/api/compliance/security-events"))),
        new("GET", "/api/compliance/security-events/{eventId}", Readers200, c => Ready(Get($"/api/compliance/security-events/{c.EventId}"))),
        new("GET", "/api/compliance/security-events/{eventId}/proof", Readers200, c => Ready(Get($"/api/compliance/security-events/{c.EventId}/proof"))),
        new("GET", "/api/compliance/security-events/export", Readers200, _ => Ready(Get("/api/compliance/security-events/export?format=jsonl"))),
        new("GET", "/api/compliance/security-events/stream", Readers200,
            _ => Ready(Get("/api/compliance/security-events/stream?after=0&follow=false"))),
        new("GET", "/api/compliance/summary", Readers200, _ => Ready(Get("/api/compliance/summary"))),
        new("GET", "/api/compliance/ledger/checkpoint", Readers200, _ => Ready(Get("/api/compliance/ledger/checkpoint"))),
        new("GET", "/api/compliance/ledger/consistency", Readers200, _ => Ready(Get("/api/compliance/ledger/consistency?from=0&to=1"))),
        new("GET", "/api/compliance/ledger/public-key", Everyone200, _ => Ready(Get("/api/compliance/ledger/public-key"))),
        new("GET", "/api/compliance/ledger/tile/{**path}", Readers200, _ => Ready(Get("/api/compliance/ledger/tile/0/000.p/1"))),

        // Strong authentication. The matrix principals never finish a two-factor setup, so disabling is a 409 for every
        // user; requests that would change a principal's credentials are malformed on purpose (400 after the policy).
        new("GET", "/api/users/2fa", UsersOnly200, _ => Ready(Get("/api/users/2fa"))),
        new("POST", "/api/users/2fa/setup", UsersOnly200, _ => Ready(Post("/api/users/2fa/setup", new { }))),
        new("POST", "/api/users/2fa/verify", UsersOnly400, _ => Ready(Post("/api/users/2fa/verify", new { token = "not-a-code" }))),
        new("POST", "/api/users/2fa/disable", [409, 409, 409, 409, 409, 403, 403, 401],
            _ => Ready(Post("/api/users/2fa/disable", new { password = TestAccounts.Password, token = "123456" }))),
        new("POST", "/api/auth/login/2fa", [401, 401, 401, 401, 401, 401, 401, 401],
            _ => Ready(Post("/api/auth/login/2fa", new { challengeToken = "mfa_unknown", code = "123456" }))),
        new("PATCH", "/api/users/password", UsersOnly400,
            _ => Ready(Send(HttpMethod.Patch, "/api/users/password", new { currentPassword = TestAccounts.Password, newPassword = "short" }))),
        new("PATCH", "/api/users/update", UsersOnly200, _ => Ready(Send(HttpMethod.Patch, "/api/users/update", new { firstName = "Matrix" }))),
        new("GET", "/api/org/mfa-policy", AccessReviewers200, _ => Ready(Get("/api/org/mfa-policy"))),
        new("PUT", "/api/org/mfa-policy", [200, 403, 403, 403, 403, 403, 403, 401],
            _ => Ready(Send(HttpMethod.Put, "/api/org/mfa-policy", new { requireMfaForRoles = Array.Empty<string>() }))),

        // Compliance reports.
        new("POST", "/api/compliance/access-review", AccessReviewers200, _ => Ready(Post("/api/compliance/access-review", ReviewPeriod()))),
        new("POST", "/api/compliance/access-review/sign-off", Administrators200,
            _ => Ready(Post("/api/compliance/access-review/sign-off", ReviewPeriod()))),
        new("POST", "/api/compliance/data-processing-record", AccessReviewers200, _ => Ready(Post("/api/compliance/data-processing-record", new { }))),
        new("GET", "/api/compliance/processing-profile", AccessReviewers200, _ => Ready(Get("/api/compliance/processing-profile"))),
        new("PUT", "/api/compliance/processing-profile", Administrators200,
            _ => Ready(Send(HttpMethod.Put, "/api/compliance/processing-profile", new { purposes = new[] { "Security monitoring" } }))),
        // Account erasure is sent with a wrong password, so no principal of the matrix is erased: users get the 400.
        new("GET", "/api/gdpr/export", UsersOnly200, _ => Ready(Get("/api/gdpr/export"))),
        new("GET", "/api/users/me/export", UsersOnly200, _ => Ready(Get("/api/users/me/export"))),
        new("POST", "/api/gdpr/erase", UsersOnly400, _ => Ready(Post("/api/gdpr/erase", new { confirm = "DELETE", currentPassword = "not the password" }))),
        new("POST", "/api/users/me/erase", UsersOnly400,
            _ => Ready(Post("/api/users/me/erase", new { confirm = "DELETE", currentPassword = "not the password" }))),
        new("GET", "/api/compliance/subjects/{userId}/export", AccessReviewers200, _ => Ready(Get("/api/compliance/subjects/usr_matrix/export"))),
        new("POST", "/api/compliance/subjects/{userId}/erase", Administrators200,
            _ => Ready(Post("/api/compliance/subjects/usr_matrix/erase", new { confirm = "DELETE" }))),
        new("GET", "/api/compliance/legal-holds", AccessReviewers200, _ => Ready(Get("/api/compliance/legal-holds"))),
        new("POST", "/api/compliance/legal-holds", Administrators201,
            _ => Ready(Post("/api/compliance/legal-holds", new { subjectId = "usr_matrix", reason = "Matrix" }))),
        new("DELETE", "/api/compliance/legal-holds/{holdId}", Administrators200,
            async c => Send(HttpMethod.Delete, $"/api/compliance/legal-holds/{await c.FreshHoldAsync()}")),
        new("GET", "/api/compliance/retention", AccessReviewers200, _ => Ready(Get("/api/compliance/retention"))),
        new("PUT", "/api/compliance/retention", Administrators200, _ => Ready(Send(HttpMethod.Put, "/api/compliance/retention", new { retentionDays = 3650 }))),
        new("GET", "/api/compliance/erasures", AccessReviewers200, _ => Ready(Get("/api/compliance/erasures"))),

        // Webhooks and SIEM forwarding (the test message goes to a name that does not resolve: still a 200 with the failed attempt).
        new("GET", "/api/compliance/webhooks", AccessReviewers200, _ => Ready(Get("/api/compliance/webhooks"))),
        new("POST", "/api/compliance/webhooks", Administrators201, _ => Ready(Post("/api/compliance/webhooks", new { url = MatrixContext.WebhookUrl }))),
        new("GET", "/api/compliance/webhooks/{webhookId}", AccessReviewers200, async c => Get($"/api/compliance/webhooks/{await c.WebhookAsync()}")),
        new("PATCH", "/api/compliance/webhooks/{webhookId}", Administrators200,
            async c => Send(HttpMethod.Patch, $"/api/compliance/webhooks/{await c.WebhookAsync()}", new { description = "matrix" })),
        new("DELETE", "/api/compliance/webhooks/{webhookId}", Administrators200,
            async c => Send(HttpMethod.Delete, $"/api/compliance/webhooks/{await c.FreshWebhookAsync()}")),
        new("POST", "/api/compliance/webhooks/{webhookId}/rotate-secret", Administrators200,
            async c => Send(HttpMethod.Post, $"/api/compliance/webhooks/{await c.WebhookAsync()}/rotate-secret")),
        new("POST", "/api/compliance/webhooks/{webhookId}/test", Administrators200,
            async c => Send(HttpMethod.Post, $"/api/compliance/webhooks/{await c.WebhookAsync()}/test")),
        new("GET", "/api/compliance/webhooks/{webhookId}/attempts", AccessReviewers200,
            async c => Get($"/api/compliance/webhooks/{await c.WebhookAsync()}/attempts")),
        new("GET", "/api/compliance/webhooks/{webhookId}/dead-letters", AccessReviewers200,
            async c => Get($"/api/compliance/webhooks/{await c.WebhookAsync()}/dead-letters")),
        new("POST", "/api/compliance/webhooks/{webhookId}/dead-letters/replay", Administrators200,
            async c => Send(HttpMethod.Post, $"/api/compliance/webhooks/{await c.WebhookAsync()}/dead-letters/replay")),
        new("GET", "/api/compliance/rules", AccessReviewers200, _ => Ready(Get("/api/compliance/rules"))),
        new("GET", "/api/compliance/rules/{ruleId}", AccessReviewers200, async c => Get($"/api/compliance/rules/{await c.FreshRuleAsync()}")),
        new("POST", "/api/compliance/rules", Administrators201, _ => Ready(Post("/api/compliance/rules", new
        {
            name = "Matrix", match = new { eventTypes = new[] { "mfa_bypass_attempt" } }, threshold = 3, windowSeconds = 60,
            emit = new { severity = "low" },
        }))),
        new("PATCH", "/api/compliance/rules/{ruleId}", Administrators200,
            async c => Send(HttpMethod.Patch, $"/api/compliance/rules/{await c.FreshRuleAsync()}", new { enabled = false })),
        new("DELETE", "/api/compliance/rules/{ruleId}", Administrators200,
            async c => Send(HttpMethod.Delete, $"/api/compliance/rules/{await c.FreshRuleAsync()}")),

        new("GET", "/health", Everyone200, _ => Ready(Get("/health"))),
        new("GET", "/alive", Everyone200, _ => Ready(Get("/alive"))),
        new("GET", "/js/catalogue.js", Everyone200, _ => Ready(Get("/js/catalogue.js"))),
        new("GET", "/api/status", Administrators200, _ => Ready(Get("/api/status"))),
        new("GET", "/openapi/{documentName}.json", Everyone200, _ => Ready(Get("/openapi/v1.json"))),
        new("GET", "/docs/{documentName?}", Everyone200, _ => Ready(Get("/docs/"))),
        new("GET", "/docs/scalar.js", Everyone200, _ => Ready(Get("/docs/scalar.js"))),
        new("GET", "/docs/scalar.aspnetcore.js", Everyone200, _ => Ready(Get("/docs/scalar.aspnetcore.js"))),
        new("GET", "/docs/favicon.svg", Everyone200, _ => Ready(Get("/docs/favicon.svg"))),
    ];

    private static Task<HttpRequestMessage> Ready(HttpRequestMessage request) => Task.FromResult(request);

    private static object ReviewPeriod() =>
        new { reviewPeriod = new { start = DateTimeOffset.UtcNow.AddDays(-90).ToString("O"), end = DateTimeOffset.UtcNow.ToString("O") } };

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, object body) => Send(HttpMethod.Post, path, body);

    private static HttpRequestMessage PostJson(string path, string json) => new(HttpMethod.Post, path) { Content = Json.Body(json) };

    private static HttpRequestMessage Send(HttpMethod method, string path, object? body = null) =>
        new(method, path) { Content = body is null ? null : JsonContent.Create(body) };
}
