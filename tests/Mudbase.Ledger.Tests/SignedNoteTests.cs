namespace Mudbase.Ledger.Tests;

/// <summary>Signed notes, checked against the reference vectors of golang.org/x/mod/sumdb/note.</summary>
public sealed class SignedNoteTests
{
    private const string PeterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string PeterSignerSeed = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"; // base64(0x01 || seed)
    private const string EnochVerifierKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    private const string Text =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";

    private const string PeterSignature =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private const string EnochSignature =
        "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static NoteSigner Peter => new("PeterNeumann", Convert.FromBase64String(PeterSignerSeed)[1..]);

    [Fact]
    public void SignerReproducesTheReferenceKeyAndSignatureByteForByte()
    {
        var signer = Peter;
        Assert.Equal(PeterVerifierKey, signer.VerifierKey);
        Assert.Equal(0xc74f20a3u, signer.KeyHash);
        Assert.Equal(Text + "\n" + PeterSignature, signer.Sign(Text));
    }

    [Fact]
    public void PublicKeyDerivationMatchesRfc8032TestVector1()
    {
        var signer = new NoteSigner("rfc8032", Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(signer.PublicKey));
    }

    [Fact]
    public void VerifierParsesTheReferenceKeyAndOpensTheReferenceNote()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        Assert.Equal("PeterNeumann", verifier.KeyName);
        Assert.Equal(0xc74f20a3u, verifier.KeyHash);
        Assert.Equal(Peter.PublicKey, verifier.PublicKey);
        Assert.True(verifier.TryVerify(Text + "\n" + PeterSignature, out var body));
        Assert.Equal(Text, body);
    }

    [Fact]
    public void SignaturesByOtherKeysAreIgnored()
    {
        var peter = NoteVerifier.Parse(PeterVerifierKey);
        var enoch = NoteVerifier.Parse(EnochVerifierKey);
        var note = Text + "\n" + PeterSignature + EnochSignature;
        Assert.True(peter.TryVerify(note, out _));
        Assert.True(enoch.TryVerify(note, out _));
        Assert.False(enoch.TryVerify(Text + "\n" + PeterSignature, out _));
        Assert.True(peter.TryVerify(Text + "\n" + EnochSignature + PeterSignature + PeterSignature, out _));
    }

    [Fact]
    public void GeneratedKeysRoundTrip()
    {
        var signer = NoteSigner.Generate("log.example/acme");
        var verifier = NoteVerifier.Parse(signer.VerifierKey);
        var note = signer.Sign("hello\n\nworld\n");
        Assert.True(verifier.TryVerify(note, out var body));
        Assert.Equal("hello\n\nworld\n", body);

        var restored = new NoteSigner(signer.KeyName, signer.PrivateKeySeed);
        Assert.Equal(signer.VerifierKey, restored.VerifierKey);
        Assert.Equal(note, restored.Sign("hello\n\nworld\n"));
        Assert.False(NoteVerifier.Parse(NoteSigner.Generate("log.example/acme").VerifierKey).TryVerify(note, out _));
    }

    [Fact]
    public void BadSignatureRejectsTheNote()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        var encoded = PeterSignature["— PeterNeumann ".Length..^1];
        var raw = Convert.FromBase64String(encoded);
        raw[20] ^= 0x01;
        var tampered = "— PeterNeumann " + Convert.ToBase64String(raw) + "\n";
        Assert.False(verifier.TryVerify(Text + "\n" + tampered, out var body));
        Assert.Null(body);

        // A bad signature from the trusted key spoils the note even next to a good one.
        Assert.False(verifier.TryVerify(Text + "\n" + PeterSignature + tampered, out _));

        // As in the reference tests: still valid base64, wrong signature.
        Assert.False(verifier.TryVerify(Text + "\n" + PeterSignature[..60] + "ABCD" + PeterSignature[60..], out _));
    }

    [Fact]
    public void SignatureUnderAnotherKeyNameIsNotAccepted()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        var renamed = PeterSignature.Replace("PeterNeumann", "PeterNeuman", StringComparison.Ordinal);
        Assert.False(verifier.TryVerify(Text + "\n" + renamed, out _));
    }

    [Fact]
    public void SignatureWithAnotherKeyHashIsNotAccepted()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        var raw = Convert.FromBase64String(PeterSignature["— PeterNeumann ".Length..^1]);
        raw[3] ^= 0x01;
        Assert.False(verifier.TryVerify(Text + "\n— PeterNeumann " + Convert.ToBase64String(raw) + "\n", out _));
    }

    [Fact]
    public void ModifiedBodyIsRejected()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        var note = Text + "\n" + PeterSignature;
        Assert.False(verifier.TryVerify(note.Replace("cryptography", "cryptographY", StringComparison.Ordinal), out _));
        Assert.False(verifier.TryVerify("x" + note, out _));
        Assert.False(verifier.TryVerify(Text + "extra line\n\n" + PeterSignature, out _));
    }

    [Theory]
    [InlineData(Text)] // no signatures at all
    [InlineData(Text + "\n")] // blank line but no signature lines
    [InlineData(Text + PeterSignature)] // missing blank line
    [InlineData(Text + "\n" + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")] // no final newline
    [InlineData("\u0001" + Text + "\n" + PeterSignature)] // control character
    [InlineData("If you think\r\n" + "\n" + PeterSignature)] // carriage return
    [InlineData(Text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData(Text + "\n" + PeterSignature + "Unexpected line.\n")] // extra line after the signatures
    [InlineData(Text + "\n" + PeterSignature + "\n")] // trailing blank line
    [InlineData(Text + "\n\n" + PeterSignature)] // extra blank line before the signatures
    [InlineData(Text + "\n" + "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")] // hyphen, not em dash
    [InlineData(Text + "\n" + "—  PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")] // two spaces
    [InlineData(Text + "\n" + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n")] // unpadded base64
    [InlineData(Text + "\n" + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM= \n")] // trailing space
    [InlineData(Text + "\n" + "— PeterNeumann xw==\n")] // too short to hold a key ID
    [InlineData("")]
    public void MalformedNotesAreRejected(string note)
    {
        Assert.False(NoteVerifier.Parse(PeterVerifierKey).TryVerify(note, out var body));
        Assert.Null(body);
    }

    [Fact]
    public void TooManySignaturesAreRejected()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);
        Assert.True(verifier.TryVerify(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSignature, 100)), out _));
        Assert.False(verifier.TryVerify(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSignature, 101)), out _));
    }

    [Fact]
    public void EverySubstringAndSingleCharacterChangeOfAVerifierKeyIsRejected()
    {
        for (var i = 0; i <= PeterVerifierKey.Length; i++)
        {
            for (var j = i + 1; j <= PeterVerifierKey.Length; j++)
            {
                if (i != 0 || j != PeterVerifierKey.Length)
                {
                    AssertBadKey(PeterVerifierKey[i..j]);
                }
            }
        }

        var chars = PeterVerifierKey.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i]++;
            AssertBadKey(new string(chars));
            chars[i]--;
        }

        AssertBadKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="); // wrong key length
        AssertBadKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"); // unknown algorithm
        AssertBadKey("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        AssertBadKey(null!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\u00a0b")]
    [InlineData("a\u3000b")]
    [InlineData("a\u0001b")]
    public void InvalidKeyNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new NoteSigner(name, new byte[32]));
    }

    [Fact]
    public void InvalidSeedsAndBodiesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new NoteSigner("k", new byte[31]));
        var signer = Peter;
        Assert.Throws<ArgumentException>(() => signer.Sign(string.Empty));
        Assert.Throws<ArgumentException>(() => signer.Sign("no newline"));
        Assert.Throws<ArgumentException>(() => signer.Sign("tab\there\n"));
        Assert.Throws<ArgumentException>(() => signer.Sign("lone \ud800 surrogate\n"));
    }

    [Fact]
    public void KeyMaterialIsHandedOutAsCopies()
    {
        var signer = Peter;
        signer.PrivateKeySeed[0] ^= 0xFF;
        signer.PublicKey[0] ^= 0xFF;
        Assert.Equal(Text + "\n" + PeterSignature, signer.Sign(Text));
        Assert.Equal(PeterVerifierKey, signer.VerifierKey);
    }

    private static void AssertBadKey(string key)
    {
        Assert.False(NoteVerifier.TryParse(key, out var verifier), key);
        Assert.Null(verifier);
        if (key is not null)
        {
            Assert.Throws<FormatException>(() => NoteVerifier.Parse(key));
        }
    }
}
