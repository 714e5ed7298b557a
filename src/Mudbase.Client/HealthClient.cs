using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The server's health (<c>/health</c>, public) and its process status (<c>/api/status</c>, owners and admins).</summary>
public sealed class HealthClient
{
    private readonly MudbaseTransport transport;

    internal HealthClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>
    /// <c>healthy</c> with every check by name. When a check fails the server answers 503 and this throws a
    /// <see cref="MudbaseApiException"/> with status 503.
    /// </summary>
    public Task<HealthResponse> CheckAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "health", MudbaseJsonContext.Default.HealthResponse, cancellationToken);

    /// <summary>The answering process's uptime, memory, CPU, requests, database response time, disk and health checks.</summary>
    public Task<SystemStatusResponse> GetStatusAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/status", MudbaseJsonContext.Default.SystemStatusResponse, cancellationToken);
}
