using System.Net.Http.Headers;
using Mudbase.Server.Tests.Conformance.Generated;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Conformance;

/// <summary>The generated official client over the test server, with every response checked against the official contract.</summary>
public sealed class OfficialSession : IDisposable
{
    private readonly Credentials credentials = new();
    private readonly HttpClient http;

    private OfficialSession(MudbaseFactory factory, ContractSchemaCheck check)
    {
        Check = check;
        // Checked against the official contract and against the server's own document.
        http = factory.CreateDefaultClient(new Uri("http://localhost/"), credentials, check, new OwnDocumentCheck());
        Client = new OfficialMudbaseClient(http);
    }

    public OfficialMudbaseClient Client { get; }

    public ContractSchemaCheck Check { get; }

    /// <summary>The access token sent as <c>Authorization: Bearer</c>; null sends none.</summary>
    public string? Token { get => credentials.Token; set => credentials.Token = value; }

    /// <summary>An API key sent as <c>X-API-Key</c> instead of the token; null sends none.</summary>
    public string? ApiKey { get => credentials.ApiKey; set => credentials.ApiKey = value; }

    public static async Task<OfficialSession> StartAsync(MudbaseFactory factory) =>
        new(factory, new ContractSchemaCheck(await OfficialClientGenerator.LoadContractAsync()));

    /// <summary>Registers a fresh account through the official client and signs the session in with it.</summary>
    public async Task<AuthResponse> RegisterAsync(string orgName = "Northwind Traders")
    {
        var auth = await Client.RegisterUserAsync(new RegisterRequest
        {
            Email = $"official-{Guid.NewGuid():N}@northwind.dev",
            Password = TestAccounts.Password,
            FirstName = "Ada",
            LastName = "Official",
            OrgName = orgName,
        });
        Token = auth.Token;
        return auth;
    }

    /// <summary>Fails with every response that did not validate against the official contract, or when one of the operations was never validated.</summary>
    public void AssertEveryResponseMatchedTheContract(params string[] operationIds)
    {
        Assert.Empty(Check.Failures);
        var missing = operationIds.Where(id => !Check.Validated.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"never validated: {string.Join(", ", missing)}");
    }

    public void Dispose() => http.Dispose();

    private sealed class Credentials : DelegatingHandler
    {
        public string? Token { get; set; }
        public string? ApiKey { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (ApiKey is not null)
                request.Headers.Add("X-API-Key", ApiKey);
            else if (Token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
