namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Verifies an evidence bundle offline: that its checkpoint is signed by the log's key and that every event line,
/// with its detail values and salts, is the leaf the checkpoint's tree holds at that position.
/// </summary>
public static class EvidenceVerifier
{
    /// <summary>
    /// Reads a bundle (JSON Lines: an <see cref="EvidenceHeader"/>, then one <see cref="EvidenceRecord"/> per line) and
    /// checks, stopping at the first failure: the header's format and version; the checkpoint's signature, by
    /// <paramref name="pinnedKey"/> when given (the header must name that same key) or else by the header's own key;
    /// the checkpoint's origin, size and root against the header and <paramref name="expectedOrigin"/>; then for each
    /// line that its leaf index follows the previous one, lies inside the tree, matches the event's sequence number and
    /// organisation, that each detail value and salt open its commitment (erased details are counted, not failed), that
    /// the rebuilt <see cref="LedgerLeaf"/> hashes to the line's leaf hash, and that the inclusion proof leads to the
    /// checkpoint's root; and finally that the header's count and last index match the lines read.
    /// </summary>
    /// <param name="bundle">The bundle, read once from its current position to its end.</param>
    /// <param name="pinnedKey">
    /// The auditor's own copy of the log's verifier key. Without it the bundle can only vouch for itself, which
    /// <see cref="EvidenceReport.KeyPinned"/> reports.
    /// </param>
    /// <param name="expectedOrigin">The log the bundle must come from, if the caller knows it.</param>
    /// <param name="progress">Receives the number of bundle bytes read so far, now and then and once at the end.</param>
    /// <param name="cancellationToken">Stops verification early.</param>
    /// <returns>The report; a malformed or altered bundle gives a failed report, never an exception.</returns>
    /// <exception cref="IOException">Reading <paramref name="bundle"/> failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static EvidenceReport Verify(
        Stream bundle,
        NoteVerifier? pinnedKey,
        string? expectedOrigin,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        Verify(bundle, pinnedKey, expectedOrigin, new EvidenceVerifierOptions { Progress = progress, CancellationToken = cancellationToken });

    /// <summary>
    /// Verifies a bundle as <see cref="Verify(Stream, NoteVerifier?, string?, IProgress{long}?, CancellationToken)"/>
    /// does, with the threads, progress and cancellation of <paramref name="options"/>. The report, the first failure
    /// included, is the same for every number of threads.
    /// </summary>
    /// <param name="bundle">The bundle, read once from its current position to its end.</param>
    /// <param name="pinnedKey">The auditor's own copy of the log's verifier key, if any.</param>
    /// <param name="expectedOrigin">The log the bundle must come from, if the caller knows it.</param>
    /// <param name="options">How to run the verification.</param>
    /// <returns>The report; a malformed or altered bundle gives a failed report, never an exception.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EvidenceVerifierOptions.Threads"/> is negative.</exception>
    /// <exception cref="IOException">Reading <paramref name="bundle"/> failed.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    public static EvidenceReport Verify(Stream bundle, NoteVerifier? pinnedKey, string? expectedOrigin, EvidenceVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Verify(
            bundle, pinnedKey, expectedOrigin, options.Threads, BundleLineReader.DefaultBlockSize, options.Progress, options.CancellationToken);
    }

    /// <summary>The same, with the size of the blocks lines are read and handed out in (tests use small ones).</summary>
    internal static EvidenceReport Verify(
        Stream bundle,
        NoteVerifier? pinnedKey,
        string? expectedOrigin,
        int threads,
        int blockSize,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var keyPinned = pinnedKey is not null;
        using var lines = new BundleLineReader(bundle, blockSize);
        try
        {
            var headerLine = lines.ReadFirstLine();
            if (headerLine is null)
            {
                return Failed(keyPinned, null, 0, 0, new EvidenceFailure(null, null, "the bundle is empty"));
            }

            if (!EvidenceHeaderCheck.TryCheck(headerLine, pinnedKey, expectedOrigin, out var header, out var checkpoint, out var failure))
            {
                return Failed(keyPinned, checkpoint, 0, 0, failure);
            }

            var run = EvidenceRun.Execute(lines, header, checkpoint!, threads, progress, cancellationToken);
            failure = run.Failure ?? CheckCount(header, run.Lines);
            progress?.Report(lines.BytesRead);
            return failure is null
                ? new EvidenceReport(true, run.Verified, run.Erased, keyPinned, checkpoint, null)
                : Failed(keyPinned, checkpoint, run.Verified, run.Erased, failure);
        }
        catch (InvalidDataException e)
        {
            return Failed(keyPinned, null, 0, 0, new EvidenceFailure(null, null, e.Message));
        }
    }

    private static EvidenceFailure? CheckCount(EvidenceHeader header, long lines)
    {
        if (header.Count != lines)
        {
            return new EvidenceFailure(
                lines < header.Count ? header.FirstLeafIndex + lines : null,
                null,
                $"the header declares {header.Count} events but the bundle holds {lines}");
        }

        var last = header.FirstLeafIndex + lines - 1;
        return header.LastLeafIndex == last
            ? null
            : new EvidenceFailure(null, null, $"the header declares the last leaf as {header.LastLeafIndex} but the lines end at {last}");
    }

    private static EvidenceReport Failed(bool keyPinned, Checkpoint? checkpoint, long verified, long erased, EvidenceFailure failure) =>
        new(false, verified, erased, keyPinned, checkpoint, failure);
}
