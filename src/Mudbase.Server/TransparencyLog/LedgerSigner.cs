using Microsoft.Extensions.Options;
using Mudbase.Ledger;
using Mudbase.Server.Common;

namespace Mudbase.Server.TransparencyLog;

/// <summary>A ledger key as published: what verifiers pin, and when it signed.</summary>
internal sealed record LedgerKey(string KeyName, string VerifierKey, byte[] PublicKey, string Status, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil)
{
    public const string ActiveStatus = "active";
    public const string CoSigningStatus = "co-signing";
    public const string RetiredStatus = "retired";
}

/// <summary>
/// The server's Ed25519 checkpoint keys and the origin of each organisation's log. One key signs; during a rotation's
/// grace period the previous key signs every checkpoint too; retired keys are only published and accepted, so
/// checkpoints they signed stay verifiable.
/// </summary>
internal sealed class LedgerSigner
{
    private readonly NoteSigner signer;
    private readonly NoteSigner? coSigner;
    private readonly string origin;

    public LedgerSigner(IOptions<LedgerOptions> options, IOptions<MudbaseOptions> mudbase)
    {
        var settings = options.Value;
        var dataDirectory = mudbase.Value.FullDataDirectory;
        origin = settings.Origin.TrimEnd('/');
        var name = settings.KeyName ?? origin;
        var seed = settings.SigningKey is { } configured
            ? Convert.FromBase64String(configured)
            : SecretFile.ReadOrCreate(dataDirectory, LedgerKeyFiles.Active, 32);
        signer = new NoteSigner(name, seed);
        var previous = settings.CoSigningKey is { } configuredPrevious
            ? Convert.FromBase64String(configuredPrevious)
            : settings.SigningKey is null ? LedgerKeyFiles.ReadPrevious(dataDirectory) : null;
        coSigner = previous is null ? null : new NoteSigner(name, previous);
        Verifier = NoteVerifier.Parse(signer.VerifierKey);
        IEnumerable<RetiredLedgerKey> retiredFiles = settings.SigningKey is null
            ? LedgerKeyFiles.ReadRetired(dataDirectory).Select(r => new RetiredLedgerKey
            {
                VerifierKey = LedgerKeyFiles.VerifierKeyOf(name, r.Seed),
                ValidUntil = r.RetiredAt,
            })
            : [];
        var retired = settings.RetiredKeys.Concat(retiredFiles).Select(r => (Key: r, Verifier: NoteVerifier.Parse(r.VerifierKey))).ToList();
        Keys =
        [
            new LedgerKey(signer.KeyName, signer.VerifierKey, signer.PublicKey, LedgerKey.ActiveStatus, null, null),
            .. coSigner is null ? [] : new[] { new LedgerKey(coSigner.KeyName, coSigner.VerifierKey, coSigner.PublicKey, LedgerKey.CoSigningStatus, null, null) },
            .. retired.Select(r => new LedgerKey(
                r.Verifier.KeyName, r.Key.VerifierKey, r.Verifier.PublicKey, LedgerKey.RetiredStatus, r.Key.ValidFrom, r.Key.ValidUntil)),
        ];
        Verifiers = [Verifier, .. coSigner is null ? [] : new[] { NoteVerifier.Parse(coSigner.VerifierKey) }, .. retired.Select(r => r.Verifier)];
    }

    public string KeyName => signer.KeyName;

    public string VerifierKey => signer.VerifierKey;

    public byte[] PublicKey => signer.PublicKey;

    /// <summary>The active key's verifier.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>Every key that signs or has signed checkpoints, active first.</summary>
    public IReadOnlyList<NoteVerifier> Verifiers { get; }

    /// <summary>Every key as published, active first.</summary>
    public IReadOnlyList<LedgerKey> Keys { get; }

    public string OriginOf(string orgId) => $"{origin}/{orgId}";

    public string Sign(string orgId, long size, byte[] root)
    {
        var body = new Checkpoint(OriginOf(orgId), size, root).ToBody();
        var note = signer.Sign(body);
        // A signed note may carry several signature lines; the co-signer's is appended to the active key's.
        return coSigner is null ? note : note + coSigner.Sign(body)[(body.Length + 1)..];
    }
}
