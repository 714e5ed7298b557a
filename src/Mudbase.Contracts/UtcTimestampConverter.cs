using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Writes every timestamp as UTC ISO-8601 with milliseconds and a <c>Z</c> suffix; reads any ISO-8601 form.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The wire format, e.g. <c>2026-11-26T08:15:00.123Z</c>.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
