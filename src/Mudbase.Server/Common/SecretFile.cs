using System.Security.Cryptography;

namespace Mudbase.Server.Common;

/// <summary>
/// A random key kept in the data directory, readable by the owner only. When several processes start
/// on one empty directory, exactly one key wins: each writes a private temporary file and links it into
/// place without overwriting, then everyone reads what is there.
/// </summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] ReadOrCreate(string directory, string fileName, int size)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            var temporary = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
            using (var stream = OpenPrivate(temporary))
            {
                stream.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(size)).Select(c => (byte)c).ToArray());
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        if (key.Length != size)
            throw new InvalidOperationException($"Key file {path} does not hold a {size}-byte key.");
        return key;
    }

    private static FileStream OpenPrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        return new FileStream(path, options);
    }
}
