using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Compliance;

namespace Mudbase.Server.Tests;

/// <summary>
/// Known types, severities and named detail keys are recognised in the raw UTF-8 and answered as one shared instance;
/// escaped spellings and unknown values are decoded as before, and details are elements of the request's document.
/// </summary>
public sealed class SecurityEventParserSharingTests
{
    [Fact]
    public void KnownValuesAndKeysAreTheSharedInstances()
    {
        using var document = JsonDocument.Parse(
            """{"eventType":"brute_force_attempt","severity":"high","details":{"userId":"u","ipAddress":"a","custom":1}}""");

        var input = Parse(document.RootElement);

        Assert.Same(SecurityEventTypes.All.Single(t => t == "brute_force_attempt"), input.EventType);
        Assert.Same(Severities.All.Single(s => s == "high"), input.Severity);
        Assert.Same("userId", input.Details[0].Key);
        Assert.Same("ipAddress", input.Details[1].Key);
        Assert.Equal("custom", input.Details[2].Key);
    }

    [Fact]
    public void EscapedAndCustomSpellingsAreDecodedAndValidatedAsBefore()
    {
        using var document = JsonDocument.Parse(
            """{"eventType":"brute\u005fforce_attempt","severity":"\u0068igh","details":{"user\u0049d":"u"}}""");
        using var custom = JsonDocument.Parse("""{"eventType":"my_own_type","severity":"low"}""");

        var input = Parse(document.RootElement);

        Assert.Equal("brute_force_attempt", input.EventType);
        Assert.Equal("high", input.Severity);
        Assert.Equal("userId", input.Details[0].Key);
        Assert.Equal("my_own_type", Parse(custom.RootElement).EventType);
    }

    [Fact]
    public void AKnownStringInTheWrongPlaceIsStillRefused()
    {
        using var document = JsonDocument.Parse("""{"eventType":"userId","severity":"brute_force_attempt"}""");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        Assert.Null(SecurityEventParser.Parse(document.RootElement, errors, batchIndex: 3));
        Assert.Contains("events[3].eventType", errors.Keys);
        Assert.Contains("events[3].severity", errors.Keys);
    }

    [Fact]
    public void DetailValuesAreElementsOfTheRequestDocument()
    {
        var document = JsonDocument.Parse("""{"eventType":"bulk_data_export","severity":"low","details":{"reason":"r"}}""");
        var input = Parse(document.RootElement);
        Assert.Equal("r", input.Details[0].Value.GetString());

        document.Dispose();

        // Not a copy: the value is gone with its document, so the request must keep the document until commit.
        Assert.Throws<ObjectDisposedException>(() => input.Details[0].Value.GetString());
    }

    private static SecurityEventInput Parse(JsonElement root)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = SecurityEventParser.Parse(root, errors);
        Assert.Empty(errors);
        return input!;
    }
}
