using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The <c>/api/compliance</c> endpoints.</summary>
public sealed class ComplianceClient
{
    private readonly MudbaseTransport transport;
    private readonly IdempotentSender writes;

    internal ComplianceClient(MudbaseTransport transport, IdempotentSender writes)
    {
        this.transport = transport;
        this.writes = writes;
    }

    /// <summary>
    /// Records a security event; returns once it is durably committed to the ledger. Sent with a generated
    /// <c>Idempotency-Key</c> and retried with it after a network failure or a 503 (see <see cref="MudbaseRetryOptions"/>),
    /// so it is recorded once.
    /// </summary>
    public Task<LogSecurityEventResponse> LogSecurityEventAsync(LogSecurityEventRequest request, CancellationToken cancellationToken = default) =>
        LogSecurityEventAsync(request, null, cancellationToken);

    /// <summary>
    /// Records a security event under your own <c>Idempotency-Key</c> (1 to 255 visible ASCII characters), e.g. one
    /// derived from your own record so that a retry after a restart of your process is recognised too.
    /// </summary>
    public Task<LogSecurityEventResponse> LogSecurityEventAsync(
        LogSecurityEventRequest request, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        writes.SendAsync("api/compliance/security-event", request,
            MudbaseJsonContext.Default.LogSecurityEventRequest, MudbaseJsonContext.Default.LogSecurityEventResponse, idempotencyKey, cancellationToken);

    /// <summary>Records up to 1000 events in one transaction: all or none, once (see <see cref="LogSecurityEventAsync(LogSecurityEventRequest, CancellationToken)"/>).</summary>
    public Task<LogSecurityEventsBatchResponse> LogSecurityEventsBatchAsync(
        IEnumerable<LogSecurityEventRequest> events, CancellationToken cancellationToken = default) =>
        LogSecurityEventsBatchAsync(events, null, cancellationToken);

    /// <summary>Records up to 1000 events in one transaction under your own <c>Idempotency-Key</c>.</summary>
    public Task<LogSecurityEventsBatchResponse> LogSecurityEventsBatchAsync(
        IEnumerable<LogSecurityEventRequest> events, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        writes.SendAsync("api/compliance/security-events/batch", new LogSecurityEventsBatchRequest(events.ToList()),
            MudbaseJsonContext.Default.LogSecurityEventsBatchRequest, MudbaseJsonContext.Default.LogSecurityEventsBatchResponse,
            idempotencyKey, cancellationToken);

    /// <summary>One page of events; pass the answer's <c>NextCursor</c> to get the next.</summary>
    public Task<ListSecurityEventsResponse> ListSecurityEventsAsync(
        SecurityEventFilter? filter = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get,
            "api/compliance/security-events" + (filter ?? new()).ToQuery(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor)),
            MudbaseJsonContext.Default.ListSecurityEventsResponse, cancellationToken);

    /// <summary>Every matching event, fetching page after page as the caller iterates.</summary>
    public async IAsyncEnumerable<SecurityEventView> IterateSecurityEventsAsync(
        SecurityEventFilter? filter = null, int pageSize = 200,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListSecurityEventsAsync(filter, pageSize, cursor, cancellationToken);
            foreach (var view in page.Events)
                yield return view;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>
    /// Follows new events live (Server-Sent Events): each event once, in sequence order, with the list filters
    /// (<see cref="SecurityEventFilter.Ascending"/> does not apply). With <paramref name="after"/> the events recorded
    /// after that sequence are replayed first. Reconnects on its own with the last sequence after a dropped connection,
    /// a server restart or a notice that the client fell behind, waiting <paramref name="reconnectDelay"/> (default one
    /// second; the server's <c>retry</c> overrides it). Runs until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<SecurityEventView> StreamSecurityEventsAsync(
        SecurityEventFilter? filter = null, long? after = null, TimeSpan? reconnectDelay = null, CancellationToken cancellationToken = default)
    {
        var live = filter is null ? new SecurityEventFilter() : new SecurityEventFilter
        {
            EventTypes = filter.EventTypes,
            Severities = filter.Severities,
            MinSeverity = filter.MinSeverity,
            UserId = filter.UserId,
            IpAddress = filter.IpAddress,
            Resource = filter.Resource,
            Actor = filter.Actor,
            From = filter.From,
            To = filter.To,
        };
        return SecurityEventStreaming.RunAsync(transport, live.ToQuery(), after, reconnectDelay ?? TimeSpan.FromSeconds(1), cancellationToken);
    }

    /// <summary>Streams an export; the caller disposes the stream.</summary>
    public async Task<Stream> ExportAsync(ExportFormat format, SecurityEventFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var name = format switch
        {
            ExportFormat.Csv => "csv",
            ExportFormat.Ocsf => "ocsf",
            ExportFormat.Evidence => "evidence",
            _ => "jsonl",
        };
        using var request = transport.Create(HttpMethod.Get, "api/compliance/security-events/export" + (filter ?? new()).ToQuery(("format", name)));
        var response = await transport.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>Compliance posture, event counts and ledger state of the caller's organisation.</summary>
    public async Task<ComplianceSummary> GetSummaryAsync(CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/compliance/summary", MudbaseJsonContext.Default.ComplianceSummaryResponse, cancellationToken)).Data;

    /// <summary>Reads one event of the caller's organisation.</summary>
    public async Task<SecurityEventView> GetSecurityEventAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Get, "api/compliance/security-events/" + Uri.EscapeDataString(eventId),
            MudbaseJsonContext.Default.GetSecurityEventResponse, cancellationToken);
        return response.Event;
    }
}
