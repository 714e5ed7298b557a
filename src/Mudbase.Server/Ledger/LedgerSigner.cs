using Microsoft.Extensions.Options;
using Mudbase.Ledger;
using Mudbase.Server.Hosting;

namespace Mudbase.Server.Ledger;

/// <summary>The server's Ed25519 checkpoint key and the origin of each organisation's log.</summary>
internal sealed class LedgerSigner
{
    private readonly NoteSigner signer;
    private readonly string origin;

    public LedgerSigner(IOptions<LedgerOptions> options, IOptions<MudbaseOptions> mudbase)
    {
        var settings = options.Value;
        origin = settings.Origin.TrimEnd('/');
        var seed = settings.SigningKey is { } configured
            ? Convert.FromBase64String(configured)
            : SecretFile.ReadOrCreate(mudbase.Value.FullDataDirectory, "ledger-signing.key", 32);
        signer = new NoteSigner(settings.KeyName ?? origin, seed);
        Verifier = NoteVerifier.Parse(signer.VerifierKey);
    }

    public string KeyName => signer.KeyName;

    public string VerifierKey => signer.VerifierKey;

    public byte[] PublicKey => signer.PublicKey;

    public NoteVerifier Verifier { get; }

    public string OriginOf(string orgId) => $"{origin}/{orgId}";

    public string Sign(string orgId, long size, byte[] root) =>
        signer.Sign(new Checkpoint(OriginOf(orgId), size, root).ToBody());
}
