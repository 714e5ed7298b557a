using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Mudbase.Server.Storage.Sqlite;
using Mudbase.Server.TransparencyLog;

namespace Mudbase.Server.Operations;

/// <summary>
/// Online backup of an embedded (SQLite) data directory into one archive: the database as of one committed
/// transaction (<c>VACUUM INTO</c> reads a snapshot, so it runs beside a live server's writer) and the key files the
/// server generated, without which its checkpoints could not be extended or its tokens validated.
/// </summary>
internal static class SqliteBackup
{
    public const string DatabaseFile = "mudbase.db";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task CreateAsync(string dataDirectory, string archivePath, CancellationToken cancellationToken)
    {
        var database = Path.Combine(dataDirectory, DatabaseFile);
        if (!File.Exists(database))
            throw new FileNotFoundException($"no {DatabaseFile} in {dataDirectory}", database);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
        var snapshot = archivePath + ".db.tmp";
        File.Delete(snapshot);
        try
        {
            await using (var connection = await new SqliteDatabase(SqliteDatabase.DefaultConnectionString(dataDirectory)).OpenAsync(cancellationToken))
            await using (var vacuum = connection.CreateCommand())
            {
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", snapshot);
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }
            SqliteConnection.ClearAllPools();
            await using var output = OpenPrivate(archivePath);
            await using var archive = new ZipArchive(output, ZipArchiveMode.Create);
            await archive.CreateEntryFromFileAsync(snapshot, DatabaseFile, CompressionLevel.Fastest, cancellationToken);
            foreach (var key in Directory.EnumerateFiles(dataDirectory, "*.key"))
                await archive.CreateEntryFromFileAsync(key, Path.GetFileName(key), CompressionLevel.Optimal, cancellationToken);
            var retired = Path.Combine(dataDirectory, LedgerKeyFiles.RetiredDirectory);
            foreach (var key in Directory.Exists(retired) ? Directory.EnumerateFiles(retired, "*.key") : [])
                await archive.CreateEntryFromFileAsync(key, $"{LedgerKeyFiles.RetiredDirectory}/{Path.GetFileName(key)}", CompressionLevel.Optimal, cancellationToken);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// <summary>Unpacks an archive into a data directory that holds no database yet.</summary>
    public static async Task RestoreAsync(string archivePath, string dataDirectory, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, DatabaseFile)))
            throw new IOException($"{dataDirectory} already holds a database; restore into an empty data directory");
        Directory.CreateDirectory(dataDirectory);
        await using var archive = await ZipArchive.CreateAsync(File.OpenRead(archivePath), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        if (archive.GetEntry(DatabaseFile) is null)
            throw new InvalidDataException($"{archivePath} is not a Mudbase backup: it holds no {DatabaseFile}");
        foreach (var entry in archive.Entries)
        {
            // Only the names a backup writes: an entry can never write outside the data directory.
            var name = Path.GetFileName(entry.FullName);
            var folder = entry.FullName[..^name.Length].TrimEnd('/');
            if (!(entry.FullName == DatabaseFile || (name.EndsWith(".key", StringComparison.Ordinal) && folder is "" or LedgerKeyFiles.RetiredDirectory))
                || name.StartsWith('.'))
                throw new InvalidDataException($"{archivePath} holds an unexpected entry {entry.FullName}");
            Directory.CreateDirectory(Path.Combine(dataDirectory, folder));
            await using var source = await entry.OpenAsync(cancellationToken);
            await using var target = OpenPrivate(Path.Combine(dataDirectory, folder, name));
            await source.CopyToAsync(target, cancellationToken);
            target.Flush(flushToDisk: true);
        }
    }

    private static FileStream OpenPrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        return new FileStream(path, options);
    }
}
