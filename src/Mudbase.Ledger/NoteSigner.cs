using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Mudbase.Ledger;

/// <summary>Signs C2SP signed notes (c2sp.org/signed-note) with an Ed25519 key.</summary>
public sealed class NoteSigner
{
    private readonly Ed25519PrivateKeyParameters _privateKey;
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;

    /// <summary>Creates a signer from an existing key.</summary>
    /// <param name="keyName">The key name that goes on signature lines, for example the log's origin.</param>
    /// <param name="privateKeySeed">The 32-byte RFC 8032 private key seed.</param>
    /// <exception cref="ArgumentException">The name is empty or contains a space, '+' or a control character, or the seed is not 32 bytes.</exception>
    public NoteSigner(string keyName, byte[] privateKeySeed)
    {
        ArgumentNullException.ThrowIfNull(keyName);
        ArgumentNullException.ThrowIfNull(privateKeySeed);
        if (!NoteFormat.IsValidKeyName(keyName))
        {
            throw new ArgumentException("Key names must be non-empty with no spaces, '+' or control characters.", nameof(keyName));
        }

        if (privateKeySeed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519PrivateKeyParameters.KeySize} bytes.", nameof(privateKeySeed));
        }

        KeyName = keyName;
        _seed = (byte[])privateKeySeed.Clone();
        _privateKey = new Ed25519PrivateKeyParameters(_seed);
        _publicKey = _privateKey.GeneratePublicKey().GetEncoded();
        KeyHash = NoteFormat.KeyHash(keyName, _publicKey);
        var typedKey = new byte[1 + _publicKey.Length];
        typedKey[0] = NoteFormat.Ed25519Type;
        _publicKey.CopyTo(typedKey, 1);
        VerifierKey = string.Create(CultureInfo.InvariantCulture, $"{keyName}+{KeyHash:x8}+{Convert.ToBase64String(typedKey)}");
    }

    /// <summary>Creates a signer with a fresh random key.</summary>
    /// <param name="keyName">The key name that goes on signature lines.</param>
    /// <returns>The signer; persist its <see cref="PrivateKeySeed"/> to keep the key.</returns>
    public static NoteSigner Generate(string keyName)
    {
        var seed = RandomNumberGenerator.GetBytes(Ed25519PrivateKeyParameters.KeySize);
        try
        {
            return new NoteSigner(keyName, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The key name written on signature lines.</summary>
    public string KeyName { get; }

    /// <summary>A copy of the 32-byte private key seed. Keep it secret.</summary>
    public byte[] PrivateKeySeed => (byte[])_seed.Clone();

    /// <summary>A copy of the 32-byte Ed25519 public key.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The key ID: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).</summary>
    public uint KeyHash { get; }

    /// <summary>The public verifier key to publish: <c>name+hash+base64(0x01 ‖ public key)</c>.</summary>
    public string VerifierKey { get; }

    /// <summary>Signs note text.</summary>
    /// <param name="body">The note text: non-empty, ending in a newline, without control characters other than newline.</param>
    /// <returns>The text, a blank line, and this key's signature line.</returns>
    /// <exception cref="ArgumentException">The text is not valid note text.</exception>
    public string Sign(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!NoteFormat.IsValidText(body))
        {
            throw new ArgumentException(
                "Note text must be non-empty, end in a newline and contain no control characters other than newline.", nameof(body));
        }

        var message = NoteFormat.StrictUtf8.GetBytes(body);
        var signature = new byte[NoteFormat.KeyIdSize + NoteFormat.Ed25519SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(signature, KeyHash);
        _privateKey.Sign(Ed25519.Algorithm.Ed25519, null, message, signature.AsSpan(NoteFormat.KeyIdSize));
        return string.Concat(body, "\n", NoteFormat.SignaturePrefix, KeyName, " ", Convert.ToBase64String(signature), "\n");
    }
}
