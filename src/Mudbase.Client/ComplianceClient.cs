using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The <c>/api/compliance</c> endpoints.</summary>
public sealed class ComplianceClient
{
    private readonly MudbaseTransport transport;

    internal ComplianceClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>Records a security event; returns once it is durably committed to the ledger.</summary>
    public Task<LogSecurityEventResponse> LogSecurityEventAsync(LogSecurityEventRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/compliance/security-event", request,
            MudbaseJsonContext.Default.LogSecurityEventRequest, MudbaseJsonContext.Default.LogSecurityEventResponse, cancellationToken);

    /// <summary>Reads one event of the caller's organisation.</summary>
    public async Task<SecurityEventView> GetSecurityEventAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Get, "api/compliance/security-events/" + Uri.EscapeDataString(eventId),
            MudbaseJsonContext.Default.GetSecurityEventResponse, cancellationToken);
        return response.Event;
    }
}
