using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Mudbase.Server.Auth;
using Mudbase.Server.Auth.TwoFactor;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Compliance;

internal static class SummaryApi
{
    public static void MapSummaryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/compliance/summary", SummaryAsync)
            .WithTags("Compliance")
            .WithSummary("Compliance summary")
            .WithDescription("Capabilities of this deployment (each flag true only when it is really provided), event counts over 24 h / 7 d / 30 d, and the state of your organisation's ledger including its latest self-check.")
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }

    private static async Task<Ok<ComplianceSummaryResponse>> SummaryAsync(
        HttpContext context, IEventStore events, ILedgerStore ledger, IPrivacyStore privacy, LedgerMonitor monitor,
        IOptions<ComplianceOptions> options, TwoFactorCoverageReader twoFactor, TimeProvider time, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var now = time.GetUtcNow();
        var totals = await events.TotalsAsync(orgId, cancellationToken);
        var eventSummary = new EventSummary(totals.Total, totals.LastRecordedAt,
            await WindowAsync(events, orgId, now.AddHours(-24), cancellationToken),
            await WindowAsync(events, orgId, now.AddDays(-7), cancellationToken),
            await WindowAsync(events, orgId, now.AddDays(-30), cancellationToken));

        var checkpoint = await ledger.LatestCheckpointAsync(orgId, cancellationToken);
        var selfCheck = monitor.ResultFor(orgId) is { } result
            ? new SelfCheckView(result.Ok, result.CheckedAt, result.Problem, result.FirstBadIndex)
            : null;
        var ledgerSummary = new LedgerSummary(checkpoint?.TreeSize ?? 0,
            Convert.ToBase64String(checkpoint?.Root ?? MerkleHash.EmptyRoot()), checkpoint?.SignedAt, selfCheck);

        var settings = await privacy.GetSettingsAsync(orgId, now, cancellationToken);
        var (erasures, activeHolds) = await privacy.CountsAsync(orgId, cancellationToken);

        // Only what this deployment really does is reported as enabled; see ComplianceSummary's documentation.
        var summary = new ComplianceSummary(
            new GdprFlags(DataExportEnabled: true, DataErasureEnabled: true, ConsentManagement: false,
                settings.RetentionDays, erasures, activeHolds),
            new Soc2Flags(AccessReviewsEnabled: true, AuditLoggingEnabled: selfCheck?.Ok != false, EncryptionEnabled: context.Request.IsHttps),
            new SecurityFlags(PasswordPolicy: "enabled", VirusScanning: false, EncryptionAtRest: options.Value.EncryptionAtRest),
            eventSummary, ledgerSummary, await twoFactor.ReadAsync(orgId, cancellationToken));
        return TypedResults.Ok(new ComplianceSummaryResponse(true, summary, new ComplianceFlags(summary.Gdpr, summary.Soc2, summary.Security)));
    }

    private static async Task<EventWindow> WindowAsync(IEventStore events, string orgId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var counts = await events.CountSinceAsync(orgId, since, cancellationToken);
        var bySeverity = Severities.All.ToDictionary(s => s, s => counts.BySeverity.GetValueOrDefault(s));
        return new EventWindow(counts.Total, bySeverity, counts.ByType);
    }
}
