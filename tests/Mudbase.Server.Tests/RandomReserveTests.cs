using Mudbase.Server.Common;

namespace Mudbase.Server.Tests;

public sealed class RandomReserveTests
{
    // 10-byte draws do not divide the block, so the run crosses block boundaries with bytes left over each time.
    [Theory]
    [InlineData(10)]
    [InlineData(32)]
    [InlineData(1000)]
    public void DrawsLookUniformAcrossSeveralBlocksAndNeverRepeat(int size)
    {
        var draws = 4 * RandomReserve.BlockSize / Math.Min(size, 100) + 50;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counts = new long[256];
        var buffer = new byte[size];
        for (var i = 0; i < draws; i++)
        {
            RandomReserve.Fill(buffer);
            Assert.True(seen.Add(Convert.ToHexString(buffer)), $"draw {i} repeats an earlier one");
            foreach (var b in buffer)
                counts[b]++;
        }
        // Handing out bytes already wiped (or never drawn) shows up as far too many zeros.
        var expected = (double)draws * size / 256;
        Assert.InRange(counts[0], 0, 3 * expected + 20);
        Assert.InRange(counts.Max(), 0, 3 * expected + 20);
    }

    [Fact]
    public void ThreadsDrawDifferentBytes()
    {
        var results = new string[4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var bytes = new byte[32];
            RandomReserve.Fill(bytes);
            results[i] = Convert.ToHexString(bytes);
        });
        Assert.Equal(results.Length, results.Distinct().Count());
    }

    [Fact]
    public void AnEmptyDestinationIsFilledWithNothing() => RandomReserve.Fill([]);
}
