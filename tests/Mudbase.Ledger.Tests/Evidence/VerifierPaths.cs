using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

/// <summary>
/// The ways the verifier can run a bundle, each of which must reach the same report: every line in order on the calling
/// thread, worker threads on the normal 1 MiB blocks (a test bundle fits in one), and worker threads on 4 KiB blocks,
/// so that even a 50-line bundle is split into many batches checked out of order.
/// </summary>
internal static class VerifierPaths
{
    public const string InOrder = "in order";
    public const string Parallel = "parallel";
    public const string ParallelSmallBlocks = "parallel, small blocks";

    public static TheoryData<string> All => [InOrder, Parallel, ParallelSmallBlocks];

    public static EvidenceReport Verify(
        string path, Stream bundle, NoteVerifier? pinned, string? expectedOrigin, IProgress<long>? progress = null) => path switch
        {
            InOrder => EvidenceVerifier.Verify(bundle, pinned, expectedOrigin, 1, BundleLineReader.DefaultBlockSize, progress, default),
            Parallel => EvidenceVerifier.Verify(bundle, pinned, expectedOrigin, 3, BundleLineReader.DefaultBlockSize, progress, default),
            ParallelSmallBlocks => EvidenceVerifier.Verify(bundle, pinned, expectedOrigin, 3, 4096, progress, default),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a verifier path"),
        };

    /// <summary>Verifies <paramref name="bundle"/> the way <paramref name="path"/> names.</summary>
    public static EvidenceReport Verify(
        this TestBundle bundle, string path, NoteVerifier? pinned = null, string? expectedOrigin = null, bool pin = true) =>
        Verify(path, new MemoryStream(bundle.ToBytes()), pinned ?? (pin ? bundle.PinnedKey : null), expectedOrigin);
}
