namespace Mudbase.Ledger.Evidence;

/// <summary>How <see cref="EvidenceVerifier"/> runs a verification; what it checks never depends on these.</summary>
public sealed class EvidenceVerifierOptions
{
    /// <summary>
    /// Threads that check event lines: 0 (the default) for one per core, 1 to check every line in order on the calling
    /// thread, more for that many worker threads while the calling thread reads the bundle.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Receives the number of bundle bytes read so far, now and then and once at the end.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Stops verification early.</summary>
    public CancellationToken CancellationToken { get; init; }
}
