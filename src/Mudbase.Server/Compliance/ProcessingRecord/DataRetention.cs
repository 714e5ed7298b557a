using Mudbase.Contracts;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>
/// What the Article 30 record states about retention. The only place that says it, so a per-organisation
/// retention policy replaces this one method.
/// </summary>
internal sealed class DataRetention
{
    public Task<RetentionStatement> DescribeAsync(string orgId, CancellationToken cancellationToken) =>
        Task.FromResult(new RetentionStatement("indefinite", null,
            "Events are kept indefinitely: the server deletes nothing on a schedule. Personal data in event details can be " +
            "erased on request; erasure deletes the plain values and their salts and keeps the ledger's commitments, so every " +
            "proof still verifies. Accounts are kept while they exist."));
}
