namespace Mudbase.Server.Health;

/// <summary>Size and free space of the file system holding a directory.</summary>
internal sealed record DiskSpace(long Total, long Available)
{
    public long Used => Total - Available;

    /// <summary>The disk of <paramref name="directory"/> (or of its nearest existing parent); null when none is found.</summary>
    public static DiskSpace? Of(string directory)
    {
        var path = Path.GetFullPath(directory);
        while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
            path = parent;
        try
        {
            var drive = new DriveInfo(path);
            return drive.IsReady ? new DiskSpace(drive.TotalSize, drive.AvailableFreeSpace) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
