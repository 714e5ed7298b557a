using System.Security.Cryptography;

namespace Mudbase.Server.Storage;

internal static class WriteProbePayload
{
    /// <summary>Larger than two pages and incompressible, so the probe needs fresh pages when free ones run out.</summary>
    public const int Bytes = 9 * 1024;

    public static byte[] Create() => RandomNumberGenerator.GetBytes(Bytes);
}
