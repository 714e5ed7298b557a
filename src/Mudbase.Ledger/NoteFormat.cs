using System.Buffers.Binary;
using System.Text;

namespace Mudbase.Ledger;

/// <summary>The text rules of C2SP signed notes (c2sp.org/signed-note) shared by signer and verifier.</summary>
internal static class NoteFormat
{
    public const byte Ed25519Type = 0x01;
    public const int Ed25519KeySize = 32;
    public const int Ed25519SignatureSize = 64;
    public const int KeyIdSize = 4;

    /// <summary>U+2014 EM DASH then a space: how every signature line starts.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>A cap on signature lines per note, as the reference implementation has, against oversized input.</summary>
    public const int MaxSignatures = 100;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Non-empty, no Unicode space, no '+', nothing a note may not contain.</summary>
    public static bool IsValidKeyName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !IsValidCharacters(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c == '+' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Well-formed UTF-16 (so it has a UTF-8 form) with no control character other than newline.</summary>
    public static bool IsValidCharacters(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Note text: non-empty, ending in a newline, with valid characters.</summary>
    public static bool IsValidText(string text) =>
        text.Length > 0 && text[^1] == '\n' && IsValidCharacters(text);

    /// <summary>SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] read big-endian, the spec's recommended key ID.</summary>
    public static uint KeyHash(string keyName, ReadOnlySpan<byte> publicKey)
    {
        var name = StrictUtf8.GetBytes(keyName);
        var input = new byte[name.Length + 2 + publicKey.Length];
        name.CopyTo(input, 0);
        input[name.Length] = (byte)'\n';
        input[name.Length + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(name.Length + 2));
        Span<byte> digest = stackalloc byte[MerkleHash.Size];
        ShortSha256.Hash(input, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }
}
