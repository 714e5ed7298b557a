using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Mudbase.Ledger;

/// <summary>
/// The body of a C2SP checkpoint (c2sp.org/tlog-checkpoint): the origin line, the tree size and the
/// base64 root hash, each on its own line, optionally followed by extension lines.
/// </summary>
/// <param name="Origin">The log's unique identity; non-empty, no control characters.</param>
/// <param name="Size">The number of leaves in the tree.</param>
/// <param name="RootHash">The 32-byte RFC 9162 root of the tree at that size.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash)
{
    /// <summary>The log's unique identity.</summary>
    public string Origin { get; init => field = ValidOrigin(value); } = ValidOrigin(Origin);

    /// <summary>The number of leaves in the tree.</summary>
    public long Size { get; init => field = ValidSize(value); } = ValidSize(Size);

    /// <summary>The 32-byte root hash.</summary>
    public byte[] RootHash { get; init => field = ValidRoot(value); } = ValidRoot(RootHash);

    /// <summary>
    /// Opaque lines after the root hash. The spec discourages them, since monitors cannot audit them,
    /// but allows them, so parsing keeps them for the signature to stay checkable.
    /// </summary>
    public IReadOnlyList<string> Extensions { get; init => field = ValidExtensions(value); } = [];

    /// <summary>The note text: <c>origin\nsize\nbase64(root)\n</c>, then any extension lines.</summary>
    /// <returns>The body to sign with <see cref="NoteSigner.Sign"/>.</returns>
    public string ToBody()
    {
        var body = new StringBuilder(Origin.Length + 72)
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var line in Extensions)
        {
            body.Append(line).Append('\n');
        }

        return body.ToString();
    }

    /// <summary>
    /// Parses a checkpoint body strictly: at least three lines each ending in a newline, a decimal size without
    /// sign or leading zeros, canonical base64 of exactly 32 bytes, and only non-empty extension lines.
    /// </summary>
    /// <param name="body">The note text, as returned by <see cref="NoteVerifier.TryVerify"/>.</param>
    /// <param name="checkpoint">The checkpoint, when the body is well-formed.</param>
    /// <returns>True when the body is a well-formed checkpoint.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out Checkpoint? checkpoint)
    {
        checkpoint = null;
        if (body is null || !NoteFormat.IsValidText(body))
        {
            return false;
        }

        var lines = body[..^1].Split('\n');
        if (lines.Length < 3
            || lines[0].Length == 0
            || !TryParseSize(lines[1], out var size)
            || !StrictBase64.TryDecode(lines[2], out var root) || root.Length != MerkleHash.Size)
        {
            return false;
        }

        var extensions = lines[3..];
        foreach (var line in extensions)
        {
            if (line.Length == 0)
            {
                return false;
            }
        }

        checkpoint = new Checkpoint(lines[0], size, root) { Extensions = extensions };
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && Size == other.Size
        && RootHash.AsSpan().SequenceEqual(other.RootHash)
        && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Origin), Size, BitConverter.ToInt32(RootHash));

    private static bool TryParseSize(string text, out long size)
    {
        size = 0;
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static string ValidOrigin(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Length == 0 || origin.Contains('\n') || !NoteFormat.IsValidCharacters(origin))
        {
            throw new ArgumentException("The origin must be one non-empty line without control characters.", nameof(Origin));
        }

        return origin;
    }

    private static long ValidSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(Size));
        return size;
    }

    private static byte[] ValidRoot(byte[] root)
    {
        ArgumentNullException.ThrowIfNull(root, nameof(RootHash));
        if (root.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A root hash is {MerkleHash.Size} bytes.", nameof(RootHash));
        }

        return root;
    }

    private static IReadOnlyList<string> ValidExtensions(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines, nameof(Extensions));
        foreach (var line in lines)
        {
            if (string.IsNullOrEmpty(line) || line.Contains('\n') || !NoteFormat.IsValidCharacters(line))
            {
                throw new ArgumentException("Extension lines must be non-empty single lines without control characters.", nameof(Extensions));
            }
        }

        return lines;
    }
}
