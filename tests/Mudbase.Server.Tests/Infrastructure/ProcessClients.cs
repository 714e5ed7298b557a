using System.Net.Http.Headers;

namespace Mudbase.Server.Tests.Infrastructure;

public static class ProcessClients
{
    /// <summary>A client of a server process that sends <paramref name="token"/> as its bearer token.</summary>
    public static HttpClient CreateClient(this ServerProcess server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
