using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

/// <summary>The detail keys that identify or belong to a subject and are erased with it.</summary>
internal static class PersonalKeys
{
    public static IReadOnlyList<string> BuiltIn { get; } = ["userId", "ipAddress", "userAgent"];

    public static IReadOnlyList<string> For(PrivacySettings settings) =>
        BuiltIn.Concat(settings.PersonalKeys.Where(key => !BuiltIn.Contains(key))).ToList();
}
