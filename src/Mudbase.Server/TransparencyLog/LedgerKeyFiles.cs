using Mudbase.Ledger;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// The ledger keys a data directory holds, as <c>mudbase keys rotate</c> leaves them: the active seed, the previous
/// seed during the grace period, and the seeds of retired keys named by the time they stopped signing.
/// </summary>
internal static class LedgerKeyFiles
{
    public const string Active = "ledger-signing.key";
    public const string Previous = "ledger-signing.previous.key";
    public const string RetiredDirectory = "ledger-retired-keys";

    public static byte[]? ReadPrevious(string dataDirectory) => ReadSeed(Path.Combine(dataDirectory, Previous));

    /// <summary>Each retired seed with the time it stopped signing (the file name is its Unix time in seconds).</summary>
    public static IEnumerable<(byte[] Seed, DateTimeOffset RetiredAt)> ReadRetired(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, RetiredDirectory);
        if (!Directory.Exists(directory))
            yield break;
        foreach (var file in Directory.EnumerateFiles(directory, "*.key").Order(StringComparer.Ordinal))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), out var seconds) && ReadSeed(file) is { } seed)
                yield return (seed, DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
    }

    /// <summary>
    /// Starts a rotation: the active key becomes the previous (co-signing) key and a new active key is generated. A
    /// previous key still in its grace period is retired first.
    /// </summary>
    public static void Rotate(string dataDirectory, DateTimeOffset now)
    {
        var active = Path.Combine(dataDirectory, Active);
        if (!File.Exists(active))
            throw new FileNotFoundException($"no {Active} in {dataDirectory}: the ledger key is configured, not generated", active);
        FinishGrace(dataDirectory, now);
        File.Move(active, Path.Combine(dataDirectory, Previous));
        Common.SecretFile.ReadOrCreate(dataDirectory, Active, 32);
    }

    /// <summary>Ends the grace period: the previous key stops signing and is kept only to be published as retired.</summary>
    public static bool FinishGrace(string dataDirectory, DateTimeOffset now)
    {
        var previous = Path.Combine(dataDirectory, Previous);
        if (!File.Exists(previous))
            return false;
        Directory.CreateDirectory(Path.Combine(dataDirectory, RetiredDirectory));
        File.Move(previous, Path.Combine(dataDirectory, RetiredDirectory, $"{now.ToUnixTimeSeconds()}.key"));
        return true;
    }

    public static string VerifierKeyOf(string keyName, byte[] seed) => new NoteSigner(keyName, seed).VerifierKey;

    private static byte[]? ReadSeed(string path) =>
        File.Exists(path) ? Convert.FromBase64String(File.ReadAllText(path).Trim()) : null;
}
