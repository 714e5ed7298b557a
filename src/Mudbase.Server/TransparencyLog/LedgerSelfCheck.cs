using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

/// <summary>Outcome of one self-check of one organisation's log.</summary>
internal sealed record SelfCheckResult(string OrgId, bool Ok, long TreeSize, DateTimeOffset CheckedAt, string? Problem, long? FirstBadIndex);

/// <summary>
/// The server's own check of each log: re-derives it from the stored rows and compares it with the latest checkpoint
/// signed by one of this server's keys (see <see cref="LedgerReplay"/>).
/// </summary>
internal sealed class LedgerSelfCheck(LedgerReplay replay, LedgerSigner signer)
{
    public Task<SelfCheckResult> CheckAsync(string orgId, CancellationToken cancellationToken) =>
        replay.CheckAsync(orgId, signer.Verifiers, signer.OriginOf(orgId), cancellationToken);
}
