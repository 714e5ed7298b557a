namespace Mudbase.Ledger.Tests;

public sealed class CheckpointTests
{
    private const string SpecExample = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    [Fact]
    public void BodyIsOriginSizeAndBase64RootEachOnItsOwnLine()
    {
        var checkpoint = new Checkpoint("mudbase.example/acme", 7, MerkleHash.EmptyRoot());
        Assert.Equal("mudbase.example/acme\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", checkpoint.ToBody());
    }

    [Fact]
    public void SpecExampleParses()
    {
        Assert.True(Checkpoint.TryParse(SpecExample, out var checkpoint));
        Assert.Equal("example.com/behind-the-sofa", checkpoint.Origin);
        Assert.Equal(20852163, checkpoint.Size);
        Assert.Equal(Convert.FromBase64String("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="), checkpoint.RootHash);
        Assert.Empty(checkpoint.Extensions);
        Assert.Equal(SpecExample, checkpoint.ToBody());
    }

    [Fact]
    public void ParsingTheBodyGivesBackAnEqualCheckpoint()
    {
        var checkpoint = new Checkpoint("o", 0, Reference.Tree.Root(3));
        Assert.True(Checkpoint.TryParse(checkpoint.ToBody(), out var parsed));
        Assert.Equal(checkpoint, parsed);
        Assert.Equal(checkpoint.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(checkpoint, parsed with { Size = 1 });
    }

    [Fact]
    public void ExtensionLinesAreKeptSoTheSignedBodyIsReproduced()
    {
        var body = SpecExample + "ext one\nsecond\n";
        Assert.True(Checkpoint.TryParse(body, out var checkpoint));
        Assert.Equal(["ext one", "second"], checkpoint.Extensions);
        Assert.Equal(body, checkpoint.ToBody());
    }

    [Fact]
    public void SignedCheckpointRoundTripsThroughTheNoteFormat()
    {
        var tree = Reference.Tree;
        var signer = NoteSigner.Generate("mudbase.example/acme");
        var checkpoint = new Checkpoint(signer.KeyName, 300, tree.Root(300));
        var note = signer.Sign(checkpoint.ToBody());

        Assert.True(NoteVerifier.Parse(signer.VerifierKey).TryVerify(note, out var body));
        Assert.True(Checkpoint.TryParse(body, out var parsed));
        Assert.Equal(checkpoint, parsed);
    }

    [Theory]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")] // no final newline
    [InlineData("example.com/log\n5\n")] // two lines
    [InlineData("\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")] // empty origin
    [InlineData("example.com/log\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")] // leading zero
    [InlineData("example.com/log\n00\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n-5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n 5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n5.0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n９\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")] // non-ASCII digit
    [InlineData("example.com/log\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")] // overflows
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n")] // 31 bytes
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n")] // unpadded
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n")] // non-canonical padding bits
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I= \n")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n")] // empty extension line
    [InlineData("example.com/log\r\n5\r\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\r\n")]
    [InlineData("exam\u0000ple.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("")]
    public void MalformedBodiesAreRejected(string body)
    {
        Assert.False(Checkpoint.TryParse(body, out var checkpoint));
        Assert.Null(checkpoint);
    }

    [Fact]
    public void InvalidCheckpointsCannotBeConstructed()
    {
        var root = MerkleHash.EmptyRoot();
        Assert.Throws<ArgumentException>(() => new Checkpoint(string.Empty, 0, root));
        Assert.Throws<ArgumentException>(() => new Checkpoint("a\nb", 0, root));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Checkpoint("a", -1, root));
        Assert.Throws<ArgumentException>(() => new Checkpoint("a", 0, root[..31]));
        Assert.Throws<ArgumentException>(() => new Checkpoint("a", 0, root) with { Origin = "" });
        Assert.Throws<ArgumentException>(() => new Checkpoint("a", 0, root) { Extensions = [""] });
    }
}
