using System.Numerics;
using System.Security.Cryptography;
using Mudbase.Server.Common;

namespace Mudbase.Server.Tests;

public sealed class IdsTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void EncodingMatchesPlainBase62OfTheBigEndianValue()
    {
        var bytes = new byte[16];
        Assert.Equal(Reference(bytes), Ids.Encode(bytes));
        Array.Fill(bytes, (byte)0xFF);
        Assert.Equal(Reference(bytes), Ids.Encode(bytes));
        for (var i = 0; i < 10_000; i++)
        {
            RandomNumberGenerator.Fill(bytes);
            Assert.Equal(Reference(bytes), Ids.Encode(bytes));
        }
    }

    [Fact]
    public void UuidV7sCarryTheirMillisecondVersionAndVariantLikeTheFrameworksAndAreDistinct()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_123_456);
        var reference = Guid.CreateVersion7(now);
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.NewUuidV7(now)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(reference.Version, id.Version);
            // The RFC 9562 variant is the top two bits (10) of the nibble Guid.Variant returns; the other two are random.
            Assert.Equal(reference.Variant >> 2, id.Variant >> 2);
            Assert.Equal(reference.ToString()[..13], id.ToString()[..13]);
        });
        Assert.True(Ids.NewUuidV7(now.AddMilliseconds(1)).CompareTo(Ids.NewUuidV7(now)) > 0);
    }

    [Fact]
    public void EventIdsSortByTheMillisecondTheyWereCreated()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var ids = Enumerable.Range(0, 1_000).Select(i => Ids.NewEventId(start.AddMilliseconds(i))).ToList();

        Assert.All(ids, id => Assert.Matches("^evt_[0-9A-Za-z]{22}$", id));
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EventIdsDrawnTogetherAreDistinctAndCarryTheirMillisecond()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var ids = Ids.NewEventIds(at, 1_000);

        Assert.Equal(1_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^evt_[0-9A-Za-z]{22}$", id));
        // The time leads the 16 bytes: every id sorts between the ids of the milliseconds either side.
        Assert.All(ids, id => Assert.True(string.CompareOrdinal(Ids.NewEventId(at.AddMilliseconds(-1)), id) < 0
            && string.CompareOrdinal(id, Ids.NewEventId(at.AddMilliseconds(1))) < 0));
    }

    [Fact]
    public void AnEventIdAllocatesOnlyItsOwnString()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        Ids.NewEventId(at); // compiled and its statics initialised before measuring
        var before = GC.GetAllocatedBytesForCurrentThread();
        var id = Ids.NewEventId(at);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One string of 26 characters and nothing else: its size is what a string of 26 characters costs on its own.
        Assert.Equal(26, id.Length);
        Assert.Equal(StringSize(26), allocated);
    }

    [Fact]
    public void EventIdsOfABatchAllocateTheirStringsAndTheArrayOnly()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        Ids.NewEventIds(at, 1_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ids = Ids.NewEventIds(at, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1_000, ids.Length);
        Assert.Equal(1_000 * StringSize(26) + ArraySize(1_000), allocated);
    }

    [Fact]
    public void OtherIdsKeepTheirPrefixAndWidth()
    {
        Assert.Matches("^key_[0-9A-Za-z]{22}$", Ids.New("key"));
        Assert.Matches("^whk_[0-9A-Za-z]{22}$", Ids.New("whk"));
    }

    // What a string of this many characters costs on the heap, measured on a string made without any other object.
    private static long StringSize(int length)
    {
        _ = new string('x', length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new string('x', length);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long ArraySize(int length)
    {
        _ = new string[length];
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new string[length];
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void AnEventIdGivesBackTheMillisecondItWasMadeAt()
    {
        foreach (var time in new[] { 0, 1, 1_790_000_000_000, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() })
        {
            foreach (var id in Ids.NewEventIds(DateTimeOffset.FromUnixTimeMilliseconds(time), 100))
            {
                Assert.True(Ids.TryReadEventTime(id, out var read), id);
                Assert.Equal(time, read);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NoEventIds.Malformed), MemberType = typeof(NoEventIds))]
    public void AStringNoClockCouldHaveMadeAsAnEventIdHasNoTime(string id) =>
        Assert.False(Ids.TryReadEventTime(id, out _));

    [Fact]
    public void NoStringAtAllHasNoTime() => Assert.False(Ids.TryReadEventTime(null, out _));

    // The arbitrary-precision form the encoder must agree with, digit for digit.
    private static string Reference(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new char[22];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var digit);
            chars[i] = Alphabet[(int)digit];
        }
        return new string(chars);
    }
}
