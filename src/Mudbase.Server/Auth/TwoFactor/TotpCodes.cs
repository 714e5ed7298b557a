using OtpNet;
using QRCoder;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>RFC 6238 time-based codes as authenticator apps make them: SHA-1, 30-second steps, 6 digits.</summary>
internal static class TotpCodes
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    public const string Issuer = "Mudbase";

    // One step either side absorbs clock drift between the phone and the server.
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>A new random 160-bit secret (the RFC 4226 recommended length), base32 as apps expect.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static string Uri(string account, string secret) =>
        new OtpUri(OtpType.Totp, secret, account, Issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();

    /// <summary>The QR code of <paramref name="uri"/> as a PNG data URI, for an &lt;img&gt; to show.</summary>
    public static string QrDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>True when <paramref name="code"/> looks like a TOTP code (six digits) rather than a recovery code.</summary>
    public static bool IsTotpShaped(string code) => code.Length == Digits && code.All(char.IsAsciiDigit);

    /// <summary>The time step <paramref name="code"/> is valid for at <paramref name="now"/>, or null.</summary>
    public static long? MatchingStep(string secret, string code, DateTimeOffset now)
    {
        if (!IsTotpShaped(code))
            return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, Window) ? step : null;
    }
}
