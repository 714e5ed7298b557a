using System.Net.Http.Json;
using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>Compliance reports: the SOC 2 access review with its sign-off, and the GDPR Article 30 record.</summary>
public sealed class ReportsClient
{
    private readonly MudbaseTransport transport;

    internal ReportsClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>Who had access during <paramref name="period"/>, with findings and recommendations.</summary>
    public async Task<AccessReviewReport> GenerateAccessReviewAsync(ReviewPeriod period, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Post, "api/compliance/access-review", new AccessReviewRequest(period),
            MudbaseJsonContext.Default.AccessReviewRequest, MudbaseJsonContext.Default.AccessReviewResponse, cancellationToken)).Report;

    /// <summary>The same review as CSV, one row per user, API key and finding.</summary>
    public async Task<string> GetAccessReviewCsvAsync(ReviewPeriod period, CancellationToken cancellationToken = default)
    {
        using var message = transport.Create(HttpMethod.Post, "api/compliance/access-review?format=csv");
        message.Content = JsonContent.Create(new AccessReviewRequest(period), MudbaseJsonContext.Default.AccessReviewRequest);
        using var response = await transport.SendRawAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Records the review and a keep/revoke decision per finding in the organisation's ledger.</summary>
    public Task<AccessReviewSignOffResponse> SignOffAccessReviewAsync(
        ReviewPeriod period, IReadOnlyList<AccessReviewDecision> decisions, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/compliance/access-review/sign-off", new AccessReviewSignOffRequest(period, decisions),
            MudbaseJsonContext.Default.AccessReviewSignOffRequest, MudbaseJsonContext.Default.AccessReviewSignOffResponse, cancellationToken);

    /// <summary>The Article 30(1) record of processing activities.</summary>
    public async Task<DataProcessingRecord> GenerateDataProcessingRecordAsync(
        DateTimeOffset? recordDate = null, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Post, "api/compliance/data-processing-record", new DataProcessingRecordRequest(null, recordDate),
            MudbaseJsonContext.Default.DataProcessingRecordRequest, MudbaseJsonContext.Default.DataProcessingRecordResponse, cancellationToken)).Record;

    /// <summary>The organisation-editable parts of the record.</summary>
    public async Task<ProcessingProfile> GetProcessingProfileAsync(CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/compliance/processing-profile",
            MudbaseJsonContext.Default.ProcessingProfileResponse, cancellationToken)).Profile;

    /// <summary>Replaces the organisation-editable parts of the record (owners and admins).</summary>
    public async Task<ProcessingProfile> SetProcessingProfileAsync(ProcessingProfile profile, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Put, "api/compliance/processing-profile", profile,
            MudbaseJsonContext.Default.ProcessingProfile, MudbaseJsonContext.Default.ProcessingProfileResponse, cancellationToken)).Profile;
}
