namespace Mudbase.Client;

/// <summary>
/// Client for the Mudbase compliance API.
/// <code>
/// var client = new MudbaseClient(new MudbaseClientOptions { BaseUrl = new Uri("http://localhost:5080") });
/// await client.Auth.LoginAsync(new LoginRequest("me@example.com", "…"));
/// var result = await client.Compliance.LogSecurityEventAsync(new LogSecurityEventRequest("brute_force_attempt", "high"));
/// </code>
/// </summary>
public sealed class MudbaseClient : IDisposable
{
    private readonly HttpClient? ownedHttpClient;
    private readonly MudbaseTransport transport;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>.</summary>
    public MudbaseClient(MudbaseClientOptions? options = null)
    {
        options ??= new MudbaseClientOptions();
        ownedHttpClient = new HttpClient { BaseAddress = WithTrailingSlash(options.BaseUrl), Timeout = options.Timeout };
        transport = new MudbaseTransport(ownedHttpClient);
        transport.SetJwt(options.Jwt);
        transport.SetApiKey(options.ApiKey);
        Auth = new AuthClient(transport);
        Compliance = new ComplianceClient(transport, new IdempotentSender(transport, options.Retry));
        Ledger = new LedgerClient(transport);
        Org = new OrgClient(transport);
        Organization = new OrganizationClient(transport);
        Health = new HealthClient(transport);
        ApiKeys = new ApiKeysClient(transport);
        Account = new AccountClient(transport);
        Reports = new ReportsClient(transport);
        Privacy = new PrivacyClient(transport);
    }

    /// <summary>Creates a client over a caller-owned <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the server.</summary>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="retry">Idempotency keys and retries of event writes; the defaults when null.</param>
    public MudbaseClient(HttpClient httpClient, MudbaseRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient.BaseAddress, nameof(httpClient));
        transport = new MudbaseTransport(httpClient);
        Auth = new AuthClient(transport);
        Compliance = new ComplianceClient(transport, new IdempotentSender(transport, retry ?? new MudbaseRetryOptions()));
        Ledger = new LedgerClient(transport);
        Org = new OrgClient(transport);
        Organization = new OrganizationClient(transport);
        Health = new HealthClient(transport);
        ApiKeys = new ApiKeysClient(transport);
        Account = new AccountClient(transport);
        Reports = new ReportsClient(transport);
        Privacy = new PrivacyClient(transport);
    }

    /// <summary>Authentication: register, login, refresh, logout, session.</summary>
    public AuthClient Auth { get; }

    /// <summary>Security events: log, read, list, export, summary.</summary>
    public ComplianceClient Compliance { get; }

    /// <summary>Checkpoints, proofs and the signing key.</summary>
    public LedgerClient Ledger { get; }

    /// <summary>Your organisation: members and invites.</summary>
    public OrgClient Org { get; }

    /// <summary>Your organisation at the official contract's paths, <c>/api/orgs/{orgId}/…</c>: profile, members, invites, overviews.</summary>
    public OrganizationClient Organization { get; }

    /// <summary>The server's health and process status.</summary>
    public HealthClient Health { get; }

    /// <summary>API keys for servers that log or read events.</summary>
    public ApiKeysClient ApiKeys { get; }

    /// <summary>Your own security: two-factor sign-in, password, profile; the organisation's two-factor policy.</summary>
    public AccountClient Account { get; }

    /// <summary>Compliance reports: access review and its sign-off, Article 30 record.</summary>
    public ReportsClient Reports { get; }
    /// <summary>GDPR data-subject rights: export, erasure, legal holds and retention.</summary>
    public PrivacyClient Privacy { get; }

    /// <summary>Sets (or clears with null) the access token sent as <c>Authorization: Bearer</c>.</summary>
    public void SetJwt(string? jwt) => transport.SetJwt(jwt);

    /// <summary>Sets (or clears with null) the API key sent as <c>X-API-Key</c>; a JWT, when set, takes precedence.</summary>
    public void SetApiKey(string? apiKey) => transport.SetApiKey(apiKey);

    /// <inheritdoc />
    public void Dispose() => ownedHttpClient?.Dispose();

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
