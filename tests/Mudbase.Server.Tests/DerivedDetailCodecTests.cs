using System.Text;
using System.Text.Json;
using Mudbase.Ledger;
using Mudbase.Server.Storage.Details;

namespace Mudbase.Server.Tests;

public sealed class DerivedDetailCodecTests
{
    private static readonly byte[] Secret = Enumerable.Range(40, DetailSalt.SecretSize).Select(i => (byte)i).ToArray();

    private static readonly (string Key, ReadOnlyMemory<byte> Value)[] Details =
    [
        ("userId", Encoding.UTF8.GetBytes("\"usr_1\"")),
        ("ipAddress", Encoding.UTF8.GetBytes("\"10.0.0.1\"")),
        ("attempt", Encoding.UTF8.GetBytes("3")),
    ];

    private static byte[] Stored => DerivedDetails.Encode(Secret, Details);

    [Fact]
    public void ADerivedRowStoresOneSecretAndTheValuesAndNoSaltOrCommitmentPerDetail()
    {
        var read = EventDetails.Read(DerivedDetails.Marker, Stored);

        // Format byte, secret, and per detail only its key and value with their one-byte lengths.
        Assert.Equal(1 + 32 + Details.Sum(d => 2 + d.Key.Length + d.Value.Length), Stored.Length);
        Assert.Equal(["userId", "ipAddress", "attempt"], read.Opened.Select(d => d.Key));
        Assert.Equal(["attempt", "ipAddress", "userId"], read.Committed.Select(d => d.Key));
        Assert.Empty(read.ErasedKeys);
        foreach (var detail in read.Opened)
        {
            var salt = DetailSalt.Derive(Secret, detail.Key);
            Assert.Equal(salt, read.Salt(detail));
            Assert.Equal(Commitment.Compute(salt, DetailCodec.Value(detail.Value)), read.CommitmentText(detail));
        }
    }

    [Fact]
    public void ErasingADetailOfADerivedRowWritesTheOthersSaltsAndTheErasedCommitmentAndDropsTheSecret()
    {
        var before = EventDetails.Read(DerivedDetails.Marker, Stored);

        var erased = EventDetails.Without(Stored, ["ipAddress"]);
        var after = EventDetails.Read(DerivedDetails.Marker, erased);

        Assert.Equal(DetailCodec.Explicit, erased[0]);
        Assert.False(Contains(erased, Secret));
        Assert.False(Contains(erased, before.Salt(before.Opened.Single(d => d.Key == "ipAddress"))));
        Assert.False(Contains(erased, Encoding.UTF8.GetBytes("10.0.0.1")));
        Assert.Equal(["ipAddress"], after.ErasedKeys);
        Assert.Equal(before.Committed.Select(before.CommitmentText), after.Committed.Select(after.CommitmentText));
        Assert.Equal(before.Opened.Where(d => d.Key != "ipAddress").Select(before.Salt), after.Opened.Select(after.Salt));
        Assert.Equal(["userId", "attempt"], EventDetails.OpenKeys(erased));
    }

    [Fact]
    public void ErasingEveryDetailLeavesOnlyCommitmentsUnderTheirOwnFormatByte()
    {
        var once = EventDetails.Without(Stored, ["userId"]);
        var all = EventDetails.Without(once, ["ipAddress", "attempt"]);
        var read = EventDetails.Read(DerivedDetails.Marker, all);

        Assert.Equal(DetailCodec.AllErased, all[0]);
        Assert.Empty(read.Opened);
        Assert.Equal(["attempt", "ipAddress", "userId"], read.ErasedKeys);
        Assert.Empty(EventDetails.OpenKeys(all));
        Assert.Equal(EventDetails.Read(DerivedDetails.Marker, Stored).Committed.Select(d => d.Key), read.Committed.Select(d => d.Key));
    }

    [Fact]
    public void ErasingAKeyTheRowDoesNotOpenChangesNothing()
    {
        var stored = Stored;
        Assert.Same(stored, EventDetails.Without(stored, ["resource"]));
    }

    [Fact]
    public void AnEventWithoutDetailsStoresTheFormatByteAlone()
    {
        var stored = DerivedDetails.Encode(Secret, []);

        Assert.Equal([DetailCodec.Derived], stored);
        Assert.Empty(EventDetails.Read(DerivedDetails.Marker, stored).Entries);
    }

    [Fact]
    public void RowsWhoseTwoColumnsDisagreeAboutTheLayoutAreRejected()
    {
        var explicitOpenings = DetailCodec.EncodeOpenings([new StoredOpening("userId", Secret, Encoding.UTF8.GetBytes("\"u\""))]);

        Assert.Throws<InvalidDataException>(() => EventDetails.Read(DerivedDetails.Marker, explicitOpenings));
        Assert.Throws<InvalidDataException>(() => EventDetails.Read(DetailCodec.NoOpenings, Stored));
        Assert.Throws<InvalidDataException>(() => EventDetails.Read(DerivedDetails.Marker, Stored[..^2]));
        var lying = EventDetails.Without(Stored, ["userId"]);
        lying[0] = DetailCodec.AllErased;
        Assert.Throws<InvalidDataException>(() => EventDetails.Read(DerivedDetails.Marker, lying));
    }

    [Fact]
    public void AMissingDetailsRowReadsAsNoDetails() =>
        Assert.Empty(EventDetails.Read(DerivedDetails.Marker, null).Entries);

    [Fact]
    public void AStoredValueThatIsNotJsonIsReportedAsUndecodableDetailsWhenItsCommitmentIsRecomputed()
    {
        var read = EventDetails.Read(DerivedDetails.Marker, DerivedDetails.Encode(Secret, [("userId", Encoding.UTF8.GetBytes("\"unterminated"))]));

        var error = Assert.Throws<InvalidDataException>(() => read.CommitmentText(read.Entries[0]));
        Assert.Contains("'userId'", error.Message);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public void DerivedValuesKeepTheirJsonText()
    {
        var read = EventDetails.Read(DerivedDetails.Marker, Stored);
        Assert.Equal(JsonValueKind.Number, DetailCodec.Value(read.Entries[2].Value).ValueKind);
        Assert.Equal("\"usr_1\"", Encoding.UTF8.GetString(read.Entries[0].Value.Span));
    }
}
