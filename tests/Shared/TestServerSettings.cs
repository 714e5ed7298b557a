using System.Text.Json;

namespace Mudbase.Tests.Shared;

/// <summary>
/// The settings every test server starts with, from <c>tests/test-server-settings.json</c> (copied beside the test
/// assembly), shared with the JavaScript test support. Detection rules, for one, are off: they record events of their
/// own into the logs the tests count, so the tests about rules turn them on explicitly.
/// </summary>
public static class TestServerSettings
{
    public const string FileName = "test-server-settings.json";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Loaded = new(Load);

    /// <summary>Configuration keys in their colon form (<c>Mudbase:Rules:Evaluate</c>) and their values.</summary>
    public static IReadOnlyDictionary<string, string> Defaults => Loaded.Value;

    /// <summary>The same settings as environment variables of a server process (<c>Mudbase__Rules__Evaluate</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
        Defaults.Select(pair => KeyValuePair.Create(pair.Key.Replace(":", "__", StringComparison.Ordinal), pair.Value));

    private static Dictionary<string, string> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, FileName)));
        return document.RootElement.GetProperty("settings").EnumerateObject()
            .ToDictionary(property => property.Name, property => property.Value.GetString()!, StringComparer.Ordinal);
    }
}
