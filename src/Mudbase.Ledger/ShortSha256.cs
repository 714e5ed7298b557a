using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mudbase.Ledger;

/// <summary>
/// The one SHA-256 of the ledger's short inputs: leaves, interior nodes, detail commitments and key IDs.
/// <see cref="IncrementalHash"/> and <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> go through OpenSSL's
/// EVP layer, whose per-call work (context set-up, provider look-up, error-queue clearing) costs about five times the
/// two compression rounds of a 65-byte Merkle node. Where the process can load OpenSSL 3's <c>libcrypto</c> (Linux),
/// its low-level <c>SHA256_Init/Update/Final</c> run on a stack context instead; anywhere else, or if the library
/// answers a known vector wrongly, this falls back to the framework's SHA-256 (one reused
/// <see cref="IncrementalHash"/> per thread). The digest is the same either way.
/// </summary>
internal static unsafe class ShortSha256
{
    // OpenSSL's SHA256_CTX is 112 bytes; a larger stack area keeps this independent of its exact layout.
    private const int ContextSize = 256;
    private const int BlockSize = 64;

    private static readonly Native? Functions = Native.TryLoad();

    // The fallback's reusable hasher: reusing the context is markedly faster than a one-shot hash per call.
    [ThreadStatic]
    private static IncrementalHash? t_fallback;

    /// <summary>Bytes of a state made by <see cref="Absorb"/>.</summary>
    public const int StateSize = ContextSize;

    /// <summary>True when the low-level OpenSSL functions are in use (for diagnostics and tests).</summary>
    public static bool UsesNative => Functions is not null;

    /// <summary>SHA-256 of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => Hash(data, [], destination);

    /// <summary>SHA-256 of <paramref name="first"/> ‖ <paramref name="second"/> into <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (destination.Length < MerkleHash.Size)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        if (Functions is { } native)
        {
            native.Hash(first, second, destination);
        }
        else
        {
            Fallback(first, second, destination);
        }
    }

    /// <summary>
    /// The state of SHA-256 after one 64-byte <paramref name="block"/>, into <paramref name="state"/>
    /// (<see cref="StateSize"/> bytes), for <see cref="HashFrom"/>: messages that share a first block (HMAC's key pads)
    /// compress it once. The state is as secret as the block.
    /// </summary>
    public static void Absorb(ReadOnlySpan<byte> block, Span<byte> state)
    {
        if (block.Length != BlockSize || state.Length < StateSize)
        {
            throw new ArgumentException($"Absorb takes one {BlockSize}-byte block into {StateSize} bytes of state.");
        }

        if (Functions is { } native)
        {
            native.Absorb(block, state);
        }
        else
        {
            block.CopyTo(state);
        }
    }

    /// <summary>SHA-256 of the block absorbed into <paramref name="state"/> ‖ <paramref name="rest"/>; the state is left as it was.</summary>
    public static void HashFrom(ReadOnlySpan<byte> state, ReadOnlySpan<byte> rest, Span<byte> destination)
    {
        if (state.Length < StateSize || destination.Length < MerkleHash.Size)
        {
            throw new ArgumentException($"HashFrom takes {StateSize} bytes of state and a 32-byte destination.");
        }

        if (Functions is { } native)
        {
            native.HashFrom(state, rest, destination);
        }
        else
        {
            Fallback(state[..BlockSize], rest, destination);
        }
    }

    /// <summary>The framework's SHA-256, as used where <c>libcrypto</c> is absent (internal for tests).</summary>
    internal static void Fallback(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var hash = t_fallback ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            hash.AppendData(first);
            hash.AppendData(second);
            hash.GetHashAndReset(destination);
        }
        catch
        {
            // Never reuse a hasher that may hold half a message.
            t_fallback = null;
            hash.Dispose();
            throw;
        }
    }

    private sealed class Native
    {
        // The calls are short, never block and never call back into the runtime, so they can skip the GC transition,
        // which cost about as much as hashing a 65-byte node.
        private readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> _init;
        private readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> _update;
        private readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> _final;

        private Native(nint library)
        {
            _init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)NativeLibrary.GetExport(library, "SHA256_Init");
            _update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "SHA256_Update");
            _final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)NativeLibrary.GetExport(library, "SHA256_Final");
        }

        public static Native? TryLoad()
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
            {
                return null;
            }

            try
            {
                var native = new Native(library);
                return native.AnswersKnownVector() ? native : null;
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }

        // SHA256_Init sets up the whole context, so the stack area need not be zeroed first.
        [SkipLocalsInit]
        public void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
        {
            var context = stackalloc byte[ContextSize];
            fixed (byte* a = first)
            fixed (byte* b = second)
            fixed (byte* digest = destination)
            {
                if (_init(context) != 1
                    || _update(context, a, (nuint)first.Length) != 1
                    || (second.Length > 0 && _update(context, b, (nuint)second.Length) != 1)
                    || _final(digest, context) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed.");
                }
            }
        }

        // OpenSSL's SHA256_CTX holds the chaining values, the bit count and the unprocessed bytes, no pointers, so a
        // copy of its bytes carries on from where the original stopped.
        [SkipLocalsInit]
        public void Absorb(ReadOnlySpan<byte> block, Span<byte> state)
        {
            fixed (byte* context = state)
            fixed (byte* data = block)
            {
                if (_init(context) != 1 || _update(context, data, (nuint)block.Length) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed.");
                }
            }
        }

        [SkipLocalsInit]
        public void HashFrom(ReadOnlySpan<byte> state, ReadOnlySpan<byte> rest, Span<byte> destination)
        {
            var context = stackalloc byte[ContextSize];
            var copy = new Span<byte>(context, ContextSize);
            state[..ContextSize].CopyTo(copy);
            try
            {
                fixed (byte* data = rest)
                fixed (byte* digest = destination)
                {
                    if ((rest.Length > 0 && _update(context, data, (nuint)rest.Length) != 1) || _final(digest, context) != 1)
                    {
                        throw new CryptographicException("OpenSSL's SHA-256 failed.");
                    }
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(copy);
            }
        }

        private bool AnswersKnownVector()
        {
            Span<byte> expected = stackalloc byte[MerkleHash.Size];
            Span<byte> actual = stackalloc byte[MerkleHash.Size];
            var input = "mudbase: a node of two compression rounds, sixty-five bytes long"u8;
            SHA256.HashData(input, expected);
            Hash(input[..10], input[10..], actual);
            if (!actual.SequenceEqual(expected))
            {
                return false;
            }

            // A message carried on from a copied state: its first 64 bytes absorbed, then the rest.
            var longer = "mudbase: a state copied after its first block of sixty-four bytes carries on to the same digest"u8;
            SHA256.HashData(longer, expected);
            Span<byte> state = stackalloc byte[ContextSize];
            Absorb(longer[..BlockSize], state);
            HashFrom(state, longer[BlockSize..], actual);
            return actual.SequenceEqual(expected);
        }
    }
}
