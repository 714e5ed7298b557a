using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Hardening;

/// <summary>
/// Generated documents (valid, mutated and hostile JSON), headers and query strings against every endpoint through
/// the real pipeline: no 5xx, no error logged, and every acknowledged event is stored and the log verifies. The count is
/// <c>MUDBASE_FUZZ_DOCUMENTS</c> (default 100,000); a failure prints CsCheck's seed, replayed with <c>CsCheck_Seed</c>.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private static readonly string[] Paths =
    [
        "/api/compliance/security-event", "/api/compliance/security-events/batch", "/api/auth/register", "/api/auth/login",
        "/api/auth/refresh", "/api/auth/logout", "/api/auth/accept-invite", "/api/api-keys", "/api/org/invites",
        "/api/org/members/usr_nobody", "/api/compliance/security-events", "/api/compliance/security-events/export",
        "/api/compliance/summary", "/api/compliance/ledger/checkpoint", "/api/compliance/ledger/consistency",
        "/api/compliance/security-events/evt_x/proof", "/api/users/me", "/api/auth/session", "/health", "/docs",
    ];

    private static readonly string[] Methods = ["POST", "GET", "PATCH", "DELETE", "PUT"];

    private static readonly string[] Hostile =
    [
        "", "{", "[", "null", "1e999999", "\"\\ud800\"", """{"\ud800":1}""", """{"a":1,"a":2}""", new string('[', 64) + new string(']', 64),
        """{"eventType":"brute_force_attempt\n","severity":"high"}""", """{"eventType":"x","severity":"low","details":[]}""",
        """{"events":{}}""", """{"events":[null]}""", "\u0000", "{\"email\":\"\u0000@x\",\"password\":1}", "\uFEFF{}",
        """{"eventType":"a_b","severity":"low","details":{"k":1e308,"n":-0,"b":true,"z":null}}""",
    ];

    private static readonly Gen<string> Text = Gen.String[Gen.Char, 0, 40];

    private static readonly Gen<string> ValidEvent =
        Gen.Select(Gen.OneOf("brute_force_attempt", "custom_type_a", "mfa_bypass_attempt"), Gen.OneOf("low", "medium", "high", "critical"), Text)
            .Select((type, severity, value) =>
                $$$"""{"eventType":"{{{type}}}","severity":"{{{severity}}}","details":{"userId":{{{System.Text.Json.JsonSerializer.Serialize(value)}}}}}""");

    private static readonly Gen<string> Documents = Gen.Frequency(
        (3, ValidEvent),
        (1, ValidEvent.Select(e => $$"""{"events":[{{e}},{{e}}]}""")),
        (3, Gen.Select(ValidEvent, Gen.Int[0, 200], Gen.Char).Select((doc, at, c) => Mutate(doc, at, c))),
        (2, Gen.OneOf(Hostile)),
        (1, Text));

    private static readonly Gen<string> Queries = Gen.Frequency(
        (4, Gen.Const("")),
        (2, Gen.Select(Gen.OneOf("eventType", "severity", "limit", "cursor", "from", "to", "format", "first", "second", "order"), Text)
            .Select((key, value) => $"?{key}={Uri.EscapeDataString(value)}")),
        (1, Gen.OneOf("?limit=-1", "?limit=99999999999", "?from=9999-99-99", "?format=evidence&from=0", "?eventType=a%0A", "?cursor=%ED%A0%80")));

    private static readonly Gen<FuzzRequest> Requests =
        Gen.Select(Gen.Int[0, Paths.Length - 1], Gen.Int[0, 9], Documents, Queries, Gen.Int[0, 4], Gen.Int[0, 5])
            .Select((path, method, body, query, credential, contentType) => new FuzzRequest(path, method, body, query, credential, contentType));

    /// <summary>One generated request: indexes into the endpoint and method lists, the body, the query and the credential kind.</summary>
    public sealed record FuzzRequest(int Path, int Method, string Body, string Query, int Credential, int ContentType);

    private readonly ErrorLog errors = new();
    private WebApplicationFactory<Program> factory = null!;
    private MudbaseFactory server = null!;
    private TestAccount owner = null!;
    private string keySecret = null!;

    public async Task InitializeAsync()
    {
        server = new MudbaseFactory(StorageKind.Sqlite, new()
        {
            ["Mudbase:RateLimits:AnonymousPerAddress"] = "100000000",
            ["Mudbase:RateLimits:IngestPerSecond"] = "100000000",
            ["Mudbase:RateLimits:IngestBurst"] = "100000000",
            ["Mudbase:RateLimits:ExportsPerWindow"] = "100000000",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        factory = server.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(errors)));
        owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", owner.Token);
        (_, keySecret) = await admin.CreateKeyAsync("events:write", "events:read");
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task GeneratedRequestsNeverGetA5xxNorLogAnErrorAndEveryAcknowledgedEventIsStoredInALogThatVerifies()
    {
        var documents = long.TryParse(Environment.GetEnvironmentVariable("MUDBASE_FUZZ_DOCUMENTS"), out var n) ? n : 100_000;
        var client = factory.CreateClient();
        var acknowledged = new ConcurrentBag<string>();

        await Requests.SampleAsync(async request =>
        {
            using var message = Build(request);
            using var response = await client.SendAsync(message);
            var status = (int)response.StatusCode;
            if (status >= 500)
                throw new InvalidOperationException($"{message.Method} {message.RequestUri} answered {status}: {await response.Content.ReadAsStringAsync()}\nbody: {request.Body}");
            if (status == 200 && message.Method == HttpMethod.Post && request.Path is 0 or 1)
            {
                var body = await Json.ReadAsync(response);
                if (request.Path == 0)
                    acknowledged.Add(body.GetProperty("eventId").GetString()!);
                else
                    foreach (var id in body.GetProperty("eventIds").EnumerateArray())
                        acknowledged.Add(id.GetString()!);
            }
        }, iter: documents, threads: 4);

        Assert.Empty(errors.Entries);
        // The generated requests may have signed the owner's session out (a logout ends its access tokens), so the
        // check signs in afresh.
        var reader = factory.CreateClient();
        using (var login = await reader.PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = owner.Password }))
            reader.DefaultRequestHeaders.Authorization = new("Bearer", (await Json.ReadAsync(login)).GetProperty("token").GetString());
        foreach (var eventId in acknowledged)
        {
            using var stored = await reader.GetAsync($"/api/compliance/security-events/{eventId}");
            Assert.True(stored.StatusCode == HttpStatusCode.OK, $"acknowledged {eventId} answered {(int)stored.StatusCode}");
        }
        // The whole log, every acknowledged event included, verifies offline against the published key.
        var report = await reader.ExportAndVerifyAsync(await reader.PublicKeyAsync());
        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.True(report.EventsVerified >= acknowledged.Count, $"{report.EventsVerified} verified, {acknowledged.Count} acknowledged");
    }

    private HttpRequestMessage Build(FuzzRequest request)
    {
        // Most requests use the endpoint's own method, so they reach the handler rather than the 405.
        var method = request.Method < 6 ? (request.Path is 10 or 11 or 12 or 13 or 14 or 15 or 16 or 17 or 18 or 19 ? "GET" : "POST") : Methods[request.Method % Methods.Length];
        var message = new HttpRequestMessage(new HttpMethod(method), Paths[request.Path] + request.Query);
        if (method is not "GET" and not "DELETE")
        {
            var mediaType = request.ContentType switch { 0 => "text/plain", 1 => "application/merge-patch+json", _ => "application/json" };
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }
        switch (request.Credential)
        {
            case 0:
            case 1:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + owner.Token);
                break;
            case 2:
                message.Headers.TryAddWithoutValidation("X-API-Key", keySecret);
                break;
            case 3:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.Body);
                message.Headers.TryAddWithoutValidation("X-API-Key", request.Body);
                break;
        }
        return message;
    }

    private static string Mutate(string document, int at, char c)
    {
        var position = Math.Min(at, document.Length);
        return (at % 3) switch
        {
            0 => document[..position],
            1 => document.Insert(position, c.ToString()),
            _ => document.Remove(Math.Min(position, document.Length - 1), 1),
        };
    }
}
