using System.Security.Cryptography;
using System.Text;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>
/// Records that a reviewer went through an access review: who, when, the digest of the report they saw and a
/// keep/revoke decision per finding, as an <c>access_review_signed_off</c> event in the organisation's ledger. The
/// decisions are a record; revoking is done with the member and key endpoints.
/// </summary>
internal sealed class AccessReviewSignOff(AccessReviewBuilder builder, SecurityEventRecorder recorder, TimeProvider time)
{
    public const string EventType = "access_review_signed_off";
    private const int MaxDetail = 2000;

    public async Task<(AccessReviewSignOffResponse? Response, ApiProblem? Problem)> SignOffAsync(
        Caller reviewer, ReviewPeriod period, IReadOnlyList<AccessReviewDecision> decisions, string? sourceIp,
        CancellationToken cancellationToken)
    {
        var report = await builder.BuildAsync(reviewer.OrgId, period, cancellationToken);
        var known = report.Findings.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = decisions.Select((d, i) => (d, i)).Where(x => !known.Contains(x.d.FindingId))
            .ToDictionary(x => $"decisions[{x.i}].findingId", _ => "is not a finding of this review", StringComparer.Ordinal);
        if (unknown.Count > 0)
            return (null, ApiProblem.Validation(unknown));

        var kept = decisions.Count(d => d.Decision == SignOffInput.Keep);
        var revoked = decisions.Count(d => d.Decision == SignOffInput.Revoke);
        var undecided = report.Findings.Count - decisions.Count;
        var listed = string.Join("; ", decisions.Select(d => $"{d.FindingId}={d.Decision}" + (d.Note is null ? "" : $" ({d.Note})")));
        var signedOffAt = time.GetUtcNow();
        var appended = await recorder.RecordSystemEventAsync(reviewer.OrgId, EventType, Severities.Low, sourceIp,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["userId"] = reviewer.Id,
                ["action"] = "access_review_sign_off",
                ["reason"] = $"access review of {period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}: {report.Findings.Count} findings, {kept} kept, {revoked} to revoke, {undecided} undecided",
                ["periodStart"] = period.Start.UtcDateTime.ToString("O"),
                ["periodEnd"] = period.End.UtcDateTime.ToString("O"),
                ["reportDigest"] = report.ReportDigest,
                ["decisionsDigest"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listed))),
                ["decisions"] = listed.Length <= MaxDetail ? listed : listed[..MaxDetail] + "…",
            }, cancellationToken);
        return (new AccessReviewSignOffResponse(true, "Access review signed off", appended.Id, reviewer.Id, signedOffAt,
            report.ReportDigest, report.Findings.Count, kept, revoked, undecided), null);
    }
}
