using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>GDPR data-subject rights: your own account, the end users your events are about, legal holds and retention.</summary>
public sealed class PrivacyClient
{
    private readonly MudbaseTransport transport;

    internal PrivacyClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>Exports the signed-in user's own data (GDPR Art. 15/20).</summary>
    public Task<AccountExport> ExportMyDataAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/gdpr/export", MudbaseJsonContext.Default.AccountExport, cancellationToken);

    /// <summary>
    /// Erases the signed-in user's account and personal data (GDPR Art. 17) after re-checking the password (and TOTP code
    /// when two-factor authentication is on). Throws <see cref="MudbaseApiException"/> with 409 when the user is the only
    /// owner of an organisation.
    /// </summary>
    public Task<EraseAccountResponse> EraseMyDataAsync(string currentPassword, string? totpToken = null, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/gdpr/erase", new EraseAccountRequest("DELETE", currentPassword, totpToken),
            MudbaseJsonContext.Default.EraseAccountRequest, MudbaseJsonContext.Default.EraseAccountResponse, cancellationToken);

    /// <summary>Every event of the organisation whose <c>details.userId</c> is <paramref name="userId"/> (owners, admins, auditors).</summary>
    public Task<SubjectExport> ExportSubjectAsync(string userId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, SubjectPath(userId, "export"), MudbaseJsonContext.Default.SubjectExport, cancellationToken);

    /// <summary>
    /// Erases a subject's personal details in every event of the organisation (owners, admins); with
    /// <paramref name="dryRun"/> only reports what would be erased. Proofs stay valid.
    /// </summary>
    public async Task<SubjectErasureView> EraseSubjectAsync(string userId, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Post, SubjectPath(userId, "erase"),
            new EraseSubjectRequest(dryRun ? null : "DELETE", dryRun),
            MudbaseJsonContext.Default.EraseSubjectRequest, MudbaseJsonContext.Default.EraseSubjectResponse, cancellationToken);
        return response.Data;
    }

    /// <summary>Every legal hold of the organisation, newest first.</summary>
    public async Task<IReadOnlyList<LegalHoldView>> ListLegalHoldsAsync(CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/compliance/legal-holds", MudbaseJsonContext.Default.LegalHoldsResponse, cancellationToken)).Holds;

    /// <summary>Places a legal hold on a subject and/or a time range.</summary>
    public async Task<LegalHoldView> PlaceLegalHoldAsync(CreateLegalHoldRequest request, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Post, "api/compliance/legal-holds", request,
            MudbaseJsonContext.Default.CreateLegalHoldRequest, MudbaseJsonContext.Default.LegalHoldResponse, cancellationToken)).Hold;

    /// <summary>Releases an active legal hold.</summary>
    public async Task<LegalHoldView> ReleaseLegalHoldAsync(string holdId, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Delete, $"api/compliance/legal-holds/{Uri.EscapeDataString(holdId)}",
            MudbaseJsonContext.Default.LegalHoldResponse, cancellationToken)).Hold;

    /// <summary>The organisation's retention policy and personal detail keys.</summary>
    public async Task<RetentionPolicyView> GetRetentionAsync(CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/compliance/retention", MudbaseJsonContext.Default.RetentionPolicyResponse, cancellationToken)).Retention;

    /// <summary>Sets the retention period (null keeps detail values) and, when given, the personal detail keys.</summary>
    public async Task<RetentionPolicyView> SetRetentionAsync(RetentionPolicyRequest request, CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Put, "api/compliance/retention", request,
            MudbaseJsonContext.Default.RetentionPolicyRequest, MudbaseJsonContext.Default.RetentionPolicyResponse, cancellationToken)).Retention;

    /// <summary>The latest erasures of the organisation with their receipt events.</summary>
    public async Task<IReadOnlyList<ErasureView>> ListErasuresAsync(CancellationToken cancellationToken = default) =>
        (await transport.SendAsync(HttpMethod.Get, "api/compliance/erasures", MudbaseJsonContext.Default.ErasuresResponse, cancellationToken)).Erasures;

    private static string SubjectPath(string userId, string action) => $"api/compliance/subjects/{Uri.EscapeDataString(userId)}/{action}";
}
