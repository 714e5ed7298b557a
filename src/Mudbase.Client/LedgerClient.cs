using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The ledger endpoints: checkpoints, proofs and the signing key.</summary>
public sealed class LedgerClient
{
    private readonly MudbaseTransport transport;

    internal LedgerClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>The latest signed checkpoint of the caller's organisation.</summary>
    public Task<CheckpointResponse> GetCheckpointAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/compliance/ledger/checkpoint", MudbaseJsonContext.Default.CheckpointResponse, cancellationToken);

    /// <summary>Inclusion proof of an event, against the latest checkpoint or the one at <paramref name="treeSize"/>.</summary>
    public Task<ProofResponse> GetProofAsync(string eventId, long? treeSize = null, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get,
            $"api/compliance/security-events/{Uri.EscapeDataString(eventId)}/proof" + (treeSize is null ? "" : $"?treeSize={treeSize}"),
            MudbaseJsonContext.Default.ProofResponse, cancellationToken);

    /// <summary>Consistency proof between two tree sizes.</summary>
    public Task<ConsistencyResponse> GetConsistencyAsync(long from, long to, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, $"api/compliance/ledger/consistency?from={from}&to={to}",
            MudbaseJsonContext.Default.ConsistencyResponse, cancellationToken);

    /// <summary>The server's checkpoint verifier key. Pin it out of band rather than trusting it on each use.</summary>
    public Task<PublicKeyResponse> GetPublicKeyAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/compliance/ledger/public-key", MudbaseJsonContext.Default.PublicKeyResponse, cancellationToken);
}
