using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Tests;

public sealed class TilePathTests
{
    [Theory]
    [InlineData("0/000", 0, 0L, 256)]
    [InlineData("0/x001/x234/067", 0, 1234067L, 256)]
    [InlineData("0/x001/x234/067.p/89", 0, 1234067L, 89)]
    [InlineData("1/273.p/17", 1, 273L, 17)]
    [InlineData("2/000.p/1", 2, 0L, 1)]
    [InlineData("63/x999/x999/x999/x999/x999/999.p/255", 63, 999999999999999999L, 255)]
    public void CanonicalPathsParseAndFormatBackToThemselves(string path, int level, long index, int width)
    {
        Assert.True(TilePath.TryParse(path, out var tile));

        Assert.Equal(new TilePath(level, index, width), tile);
        Assert.Equal(path, tile.ToString());
    }
}
