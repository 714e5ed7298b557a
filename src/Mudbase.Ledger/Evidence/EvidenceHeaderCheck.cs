using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Mudbase.Ledger.Evidence;

/// <summary>The checks on a bundle's first line and the signed checkpoint it carries.</summary>
internal static class EvidenceHeaderCheck
{
    /// <summary>Runs the header checks in order and stops at the first that fails.</summary>
    /// <param name="line">The header line.</param>
    /// <param name="pinnedKey">The auditor's own copy of the log's key, if any.</param>
    /// <param name="expectedOrigin">The log the auditor expects, if any.</param>
    /// <param name="header">The header, when it parsed.</param>
    /// <param name="checkpoint">The checkpoint, once its signature verified (even if a later check fails).</param>
    /// <param name="failure">The first failed check.</param>
    public static bool TryCheck(
        byte[] line,
        NoteVerifier? pinnedKey,
        string? expectedOrigin,
        [NotNullWhen(true)] out EvidenceHeader? header,
        out Checkpoint? checkpoint,
        [NotNullWhen(false)] out EvidenceFailure? failure)
    {
        checkpoint = null;
        header = Parse(line, out failure);
        failure ??= header is null ? Header("the first line is not an evidence bundle header") : null;
        failure ??= CheckKeyAndCheckpoint(header!, pinnedKey, out checkpoint);
        failure ??= CheckAgreement(header!, checkpoint!, expectedOrigin);
        if (failure is null && header is not null)
        {
            return true;
        }

        header = null;
        failure ??= Header("the first line is not an evidence bundle header");
        return false;
    }

    private static EvidenceHeader? Parse(byte[] line, out EvidenceFailure? failure)
    {
        EvidenceHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(line, EvidenceJsonContext.Default.EvidenceHeader);
        }
        catch (JsonException e)
        {
            failure = Header($"the first line is not an evidence bundle header ({e.Message})");
            return null;
        }

        failure = header switch
        {
            null => Header("the first line is not an evidence bundle header"),
            { Format: not EvidenceHeader.FormatName } => Header($"the bundle's format is '{header.Format}', not '{EvidenceHeader.FormatName}'"),
            { Version: not EvidenceHeader.CurrentVersion } => Header($"bundle format version {header.Version} is not supported (expected {EvidenceHeader.CurrentVersion})"),
            { Origin: null } or { Checkpoint: null } or { VerifierKey: null } or { RootHash: null } =>
                Header("the header lacks its origin, checkpoint, verifier key or root hash"),
            _ => null,
        };
        return failure is null ? header : null;
    }

    private static EvidenceFailure? CheckKeyAndCheckpoint(EvidenceHeader header, NoteVerifier? pinnedKey, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        var bundleKeyParsed = NoteVerifier.TryParse(header.VerifierKey, out var bundleKey);
        NoteVerifier key;
        if (pinnedKey is not null)
        {
            // After a key rotation the bundle names the new key while the auditor may still pin the previous one: that
            // is fine when the checkpoint carries both signatures (the grace period's co-signature).
            var sameKey = bundleKeyParsed && string.Equals(bundleKey!.KeyName, pinnedKey.KeyName, StringComparison.Ordinal)
                && bundleKey.KeyHash == pinnedKey.KeyHash && bundleKey.PublicKey.AsSpan().SequenceEqual(pinnedKey.PublicKey);
            // The signatures are checked only when the keys differ: with the same key the one check below is enough.
            var coSigned = !sameKey && bundleKeyParsed && bundleKey!.TryVerify(header.Checkpoint, out _) && pinnedKey.TryVerify(header.Checkpoint, out _);
            if (!sameKey && !coSigned)
            {
                return Header($"the checkpoint signature does not verify: the bundle names key '{Describe(header.VerifierKey)}', "
                    + $"not the pinned key '{pinnedKey.KeyName}+{pinnedKey.KeyHash:x8}'");
            }

            key = pinnedKey;
        }
        else if (bundleKeyParsed)
        {
            key = bundleKey!;
        }
        else
        {
            return Header("the bundle's verifier key is not a well-formed Ed25519 note verifier key");
        }

        if (!key.TryVerify(header.Checkpoint, out var body))
        {
            return Header($"the checkpoint signature does not verify with key '{key.KeyName}+{key.KeyHash:x8}'");
        }

        if (!Checkpoint.TryParse(body, out checkpoint))
        {
            return Header("the signed checkpoint is not a well-formed checkpoint");
        }

        return null;
    }

    private static EvidenceFailure? CheckAgreement(EvidenceHeader header, Checkpoint checkpoint, string? expectedOrigin)
    {
        if (!string.Equals(checkpoint.Origin, header.Origin, StringComparison.Ordinal))
        {
            return Header($"the checkpoint is for log '{checkpoint.Origin}' but the header names '{header.Origin}'");
        }

        if (expectedOrigin is not null && !string.Equals(checkpoint.Origin, expectedOrigin, StringComparison.Ordinal))
        {
            return Header($"the checkpoint is for log '{checkpoint.Origin}', not the expected '{expectedOrigin}'");
        }

        if (checkpoint.Size != header.TreeSize)
        {
            return Header($"the header claims tree size {header.TreeSize} but the checkpoint signs {checkpoint.Size}");
        }

        if (!string.Equals(Convert.ToBase64String(checkpoint.RootHash), header.RootHash, StringComparison.Ordinal))
        {
            return Header("the header's root hash is not the one the checkpoint signs");
        }

        if (header.FirstLeafIndex < 0 || header.Count < 0)
        {
            return Header($"the header's leaf range {header.FirstLeafIndex}..{header.LastLeafIndex} (count {header.Count}) is impossible");
        }

        return null;
    }

    private static EvidenceFailure Header(string reason) => new(null, null, reason);

    // Only the name and hash: enough to compare keys by eye without echoing arbitrary input at length.
    private static string Describe(string verifierKey)
    {
        var second = verifierKey.IndexOf('+', verifierKey.IndexOf('+', StringComparison.Ordinal) + 1);
        return second > 0 ? verifierKey[..second] : verifierKey.Length <= 80 ? verifierKey : verifierKey[..80] + "…";
    }
}
