using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Ready-to-send request examples for the interactive reference, and SDK snippets (x-codeSamples) for logging an
/// event, so the /docs page can be used as is to try the API.
/// </summary>
internal static class OpenApiExamples
{
    private const string SeedEvent = """
        { "eventType": "unauthorized_access_attempt", "severity": "high",
          "details": { "userId": "usr_3HjF6SCqdOmxz6", "resource": "alarm program", "ipAddress": "2667 Beryl Passage",
                       "userAgent": "monitor compress", "action": "feed index", "reason": "driver navigate" } }
        """;

    private static readonly Dictionary<string, string> RequestExamples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST api/auth/register"] = """{ "email": "morgan.chen@northwind.dev", "password": "correct horse battery", "firstName": "Morgan", "lastName": "Chen", "orgName": "Northwind" }""",
        ["POST api/auth/login"] = """{ "email": "morgan.chen@northwind.dev", "password": "correct horse battery" }""",
        ["POST api/auth/refresh"] = """{ "refreshToken": "rt_…" }""",
        ["POST api/auth/logout"] = """{ "refreshToken": "rt_…" }""",
        ["POST api/compliance/security-event"] = SeedEvent,
        ["POST api/auth/login/2fa"] = """{ "challengeToken": "mfa_…", "code": "123456" }""",
        ["POST api/users/2fa/verify"] = """{ "token": "123456" }""",
        ["POST api/users/2fa/disable"] = """{ "password": "correct horse battery", "token": "123456" }""",
        ["PATCH api/users/password"] = """{ "currentPassword": "correct horse battery", "newPassword": "a longer passphrase still", "code": "123456" }""",
        ["PATCH api/users/update"] = """{ "firstName": "Morgan", "lastName": "Chen", "avatar": "https://example.com/avatar.png" }""",
        ["PUT api/org/mfa-policy"] = """{ "requireMfaForRoles": ["owner", "admin"] }""",
        ["POST api/compliance/access-review"] = """{ "reviewPeriod": { "start": "2026-10-01T00:00:00Z", "end": "2026-12-31T23:59:59Z" } }""",
        ["POST api/compliance/access-review/sign-off"] = """{ "reviewPeriod": { "start": "2026-10-01T00:00:00Z", "end": "2026-12-31T23:59:59Z" }, "decisions": [ { "findingId": "non_expiring_api_key:key_4bV0bXfT2yQeL9sNw1Rk", "decision": "revoke", "note": "replace with a 90-day key" } ] }""",
        ["POST api/compliance/data-processing-record"] = """{ "recordDate": "2026-12-16T00:00:00Z" }""",
        ["PUT api/compliance/processing-profile"] = """{ "controller": { "name": "Northwind Ltd", "email": "privacy@northwind.dev", "address": "1 Harbour Road, Bristol" }, "dataProtectionOfficer": { "name": "Dana Ortiz", "email": "dpo@northwind.dev" }, "purposes": ["Security monitoring and incident investigation"], "recipients": ["Acme SOC Ltd (processor, 24/7 monitoring)"], "transfers": ["None"] }""",
        ["POST api/compliance/security-events/batch"] = $$"""{ "events": [ {{SeedEvent}}, { "eventType": "brute_force_attempt", "severity": "critical", "details": { "userId": "usr_3HjF6SCqdOmxz6", "attempts": 12 } } ] }""",
        ["POST api/gdpr/erase"] = """{ "confirm": "DELETE", "currentPassword": "correct horse battery" }""",
        ["POST api/users/me/erase"] = """{ "confirm": "DELETE", "currentPassword": "correct horse battery", "totpToken": "123456" }""",
        ["POST api/compliance/subjects/{userId}/erase"] = """{ "confirm": "DELETE", "dryRun": false }""",
        ["POST api/compliance/legal-holds"] = """{ "subjectId": "usr_3HjF6SCqdOmxz6", "from": "2026-01-01T00:00:00Z", "reason": "Litigation hold: Northwind v. Contoso" }""",
        ["PUT api/compliance/retention"] = """{ "retentionDays": 365, "personalKeys": ["email"] }""",
    };

    private static readonly Dictionary<string, string> ResponseExamples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST api/compliance/security-event"] = """{ "success": true, "message": "Security event recorded", "eventId": "evt_0353zVodOSjEXWl6jzTY86" }""",
        ["POST api/gdpr/erase"] = """{ "success": true, "message": "User data anonymized and account disabled", "data": { "alreadyErased": false, "subjectId": "usr_2mF0rJ8wQq5nHk3ZpL7c", "anonymized": true, "sessionsRevoked": true, "eventsErased": 12, "detailsErased": 30, "heldBack": [] } }""",
        ["POST api/users/me/erase"] = """{ "success": true, "message": "User data anonymized and account disabled", "data": { "alreadyErased": false, "subjectId": "usr_2mF0rJ8wQq5nHk3ZpL7c", "anonymized": true, "sessionsRevoked": true, "eventsErased": 12, "detailsErased": 30, "heldBack": [] } }""",
        ["POST api/compliance/subjects/{userId}/erase"] = """{ "success": true, "message": "Subject data erased", "data": { "dryRun": false, "subjectHash": "hmac-sha256:Vb1c…", "eventsMatched": 5, "eventsErased": 4, "detailsErased": 12, "erasedKeys": ["userId", "ipAddress", "userAgent"], "heldBack": [ { "eventId": "evt_0353zVodOSjEXWl6jzTY86", "holdId": "hld_7Qk2…", "reason": "Litigation hold: Northwind v. Contoso" } ], "erasureId": "era_4Tn9…", "receiptEventId": "evt_0353zW1b…" } }""",
        ["POST api/users/2fa/verify"] = """{ "message": "2FA enabled successfully", "success": true, "backupCodes": ["k7m2q-x9p4r", "…"] }""",
        ["POST api/compliance/access-review/sign-off"] = """{ "success": true, "message": "Access review signed off", "eventId": "evt_…", "reviewedBy": "usr_…", "signedOffAt": "2027-01-05T10:00:00.000Z", "reportDigest": "9f2c…", "findings": 3, "kept": 2, "revoked": 1, "undecided": 0 }""",
    };

    private static readonly (string Lang, string Label, string Source)[] LogEventSamples =
    [
        ("JavaScript", "mudbase (npm)", """
            import { MudbaseClient } from "mudbase";

            const client = new MudbaseClient({ baseUrl: "http://localhost:5080" });
            await client.auth.login({ email: "morgan.chen@northwind.dev", password: "correct horse battery" });
            const result = await client.compliance.logSecurityEvent({
              eventType: "unauthorized_access_attempt",
              severity: "high",
              details: { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage" },
            });
            // { success: true, message: "Security event recorded", eventId: "evt_…" }
            """),
        ("C#", "Mudbase.Client", """
            using Mudbase.Client;
            using Mudbase.Contracts;

            using var client = new MudbaseClient(new MudbaseClientOptions { BaseUrl = new Uri("http://localhost:5080") });
            await client.Auth.LoginAsync(new LoginRequest("morgan.chen@northwind.dev", "correct horse battery"));
            var result = await client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest(
                SecurityEventTypes.UnauthorizedAccessAttempt, Severities.High,
                new SecurityEventDetails { UserId = "usr_3HjF6SCqdOmxz6", Resource = "alarm program", IpAddress = "2667 Beryl Passage" }));
            Console.WriteLine(result.EventId);
            """),
        ("Shell", "cURL", """
            curl -X POST http://localhost:5080/api/compliance/security-event \
              -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
              -d '{"eventType":"unauthorized_access_attempt","severity":"high","details":{"userId":"usr_3HjF6SCqdOmxz6","resource":"alarm program","ipAddress":"2667 Beryl Passage"}}'
            """),
    ];

    public static OpenApiOptions AddMudbaseExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var key = $"{context.Description.HttpMethod} {context.Description.RelativePath?.TrimEnd('/')}";
            if (RequestExamples.TryGetValue(key, out var request) && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                    media.Example = JsonNode.Parse(request);
            }
            if (ResponseExamples.TryGetValue(key, out var response)
                && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } okContent)
            {
                foreach (var media in okContent.Values)
                    media.Example = JsonNode.Parse(response);
            }
            if (key.Equals("POST api/compliance/security-event", StringComparison.OrdinalIgnoreCase))
            {
                var samples = new JsonArray();
                foreach (var (lang, label, source) in LogEventSamples)
                    samples.Add(new JsonObject { ["lang"] = lang, ["label"] = label, ["source"] = source });
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-codeSamples"] = new JsonNodeExtension(samples);
            }
            return Task.CompletedTask;
        });
}
