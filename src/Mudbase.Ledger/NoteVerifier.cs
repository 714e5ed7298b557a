using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Mudbase.Ledger;

/// <summary>Verifies C2SP signed notes (c2sp.org/signed-note) against one Ed25519 verifier key.</summary>
public sealed class NoteVerifier
{
    private readonly Ed25519PublicKeyParameters _key;
    private readonly byte[] _publicKey;

    private NoteVerifier(string keyName, uint keyHash, byte[] publicKey, Ed25519PublicKeyParameters key)
    {
        KeyName = keyName;
        KeyHash = keyHash;
        _publicKey = publicKey;
        _key = key;
    }

    /// <summary>The key name signatures must carry.</summary>
    public string KeyName { get; }

    /// <summary>The key ID signatures must carry.</summary>
    public uint KeyHash { get; }

    /// <summary>A copy of the 32-byte Ed25519 public key.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Parses a verifier key of the form <c>name+hash+base64(0x01 ‖ public key)</c>.</summary>
    /// <param name="verifierKey">The key, as published by <see cref="NoteSigner.VerifierKey"/>.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="FormatException">The key is malformed, not Ed25519, or its hash does not match.</exception>
    public static NoteVerifier Parse(string verifierKey) =>
        TryParse(verifierKey, out var verifier)
            ? verifier
            : throw new FormatException("Malformed Ed25519 note verifier key; expected name+hash+base64(0x01 || public key).");

    /// <summary>Parses a verifier key of the form <c>name+hash+base64(0x01 ‖ public key)</c>.</summary>
    /// <param name="verifierKey">The key.</param>
    /// <param name="verifier">The verifier, when the key is well-formed.</param>
    /// <returns>True when the key is a well-formed Ed25519 verifier key whose hash matches its name and key.</returns>
    public static bool TryParse(string verifierKey, [NotNullWhen(true)] out NoteVerifier? verifier)
    {
        verifier = null;
        if (verifierKey is null)
        {
            return false;
        }

        // The name cannot hold '+', but the base64 part can, so only the first two '+' separate fields.
        var first = verifierKey.IndexOf('+', StringComparison.Ordinal);
        if (first < 0)
        {
            return false;
        }

        var second = verifierKey.IndexOf('+', first + 1);
        if (second < 0)
        {
            return false;
        }

        var name = verifierKey[..first];
        var hashText = verifierKey.AsSpan(first + 1, second - first - 1);
        if (!NoteFormat.IsValidKeyName(name) || hashText.Length != 8 || !IsHex(hashText)
            || !uint.TryParse(hashText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)
            || !StrictBase64.TryDecode(verifierKey.AsSpan(second + 1), out var key)
            || key.Length != 1 + NoteFormat.Ed25519KeySize || key[0] != NoteFormat.Ed25519Type)
        {
            return false;
        }

        var publicKey = key[1..];
        if (NoteFormat.KeyHash(name, publicKey) != hash)
        {
            return false;
        }

        Ed25519PublicKeyParameters parameters;
        try
        {
            parameters = new Ed25519PublicKeyParameters(publicKey);
        }
        catch (ArgumentException)
        {
            return false; // Not a point on the curve.
        }

        verifier = new NoteVerifier(name, hash, publicKey, parameters);
        return true;
    }

    /// <summary>
    /// Opens a signed note. Signatures by other keys are ignored, as the spec requires; a signature by this key
    /// (same name and key ID) that fails to verify rejects the whole note.
    /// </summary>
    /// <param name="signedNote">The note: text, a blank line, then signature lines.</param>
    /// <param name="body">The note text, including its final newline, when the note verifies.</param>
    /// <returns>True when the note is well-formed and carries at least one valid signature by this key and no invalid one.</returns>
    public bool TryVerify(string signedNote, [NotNullWhen(true)] out string? body)
    {
        body = null;
        if (signedNote is null || !NoteFormat.IsValidText(signedNote))
        {
            return false;
        }

        // The text may contain blank lines itself; the signatures start after the last one.
        var split = signedNote.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var text = signedNote[..(split + 1)];
        var signatures = signedNote.AsSpan(split + 2);
        if (signatures.IsEmpty)
        {
            return false;
        }

        byte[]? message = null;
        var verified = false;
        var count = 0;
        while (!signatures.IsEmpty)
        {
            var end = signatures.IndexOf('\n');
            var line = signatures[..end];
            signatures = signatures[(end + 1)..];

            if (++count > NoteFormat.MaxSignatures || !TryParseSignatureLine(line, out var name, out var keyId, out var signature))
            {
                return false;
            }

            if (keyId != KeyHash || !name.SequenceEqual(KeyName))
            {
                continue;
            }

            message ??= NoteFormat.StrictUtf8.GetBytes(text);
            if (signature.Length != NoteFormat.Ed25519SignatureSize
                || !_key.Verify(Ed25519.Algorithm.Ed25519, null, message, signature))
            {
                return false;
            }

            verified = true;
        }

        if (verified)
        {
            body = text;
        }

        return verified;
    }

    private static bool TryParseSignatureLine(
        ReadOnlySpan<char> line, out ReadOnlySpan<char> name, out uint keyId, out ReadOnlySpan<byte> signature)
    {
        name = default;
        keyId = 0;
        signature = default;
        if (!line.StartsWith(NoteFormat.SignaturePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        line = line[NoteFormat.SignaturePrefix.Length..];
        var space = line.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        name = line[..space];
        if (!NoteFormat.IsValidKeyName(name)
            || !StrictBase64.TryDecode(line[(space + 1)..], out var decoded)
            || decoded.Length <= NoteFormat.KeyIdSize)
        {
            return false;
        }

        keyId = BinaryPrimitives.ReadUInt32BigEndian(decoded);
        signature = decoded.AsSpan(NoteFormat.KeyIdSize);
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
