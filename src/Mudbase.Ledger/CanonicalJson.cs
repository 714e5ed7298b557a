using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mudbase.Ledger;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of their names,
/// numbers printed as ECMAScript prints them, strings with minimal escaping, no whitespace. Equal JSON
/// values always produce identical bytes, which is what lets their hashes be compared.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serializes a parsed JSON value canonically.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">
    /// The value has no canonical form: a number outside the double range, an unpaired surrogate, or a duplicate member name.
    /// </exception>
    public static byte[] Serialize(JsonElement value)
    {
        var writer = CanonicalJsonWriter.Rent();
        try
        {
            Write(writer, value);
            return writer.ToArray();
        }
        finally
        {
            CanonicalJsonWriter.Return(writer);
        }
    }

    /// <summary>
    /// Writes the canonical form of <paramref name="value"/> to <paramref name="writer"/>; the commitment path uses it
    /// with a reused writer.
    /// </summary>
    internal static void Write(CanonicalJsonWriter writer, JsonElement value)
    {
        try
        {
            WriteElement(writer, value);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses to decode escaped lone surrogates into .NET strings.
            throw new ArgumentException("Strings in canonical JSON must be valid Unicode (no lone surrogates).", e);
        }
    }

    /// <summary>Serializes a JSON node canonically; null is the JSON literal null.</summary>
    /// <param name="value">The node.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">
    /// The value has no canonical form: NaN, an infinity, an unpaired surrogate, or a duplicate member name.
    /// </exception>
    public static byte[] Serialize(JsonNode? value)
    {
        var writer = new CanonicalJsonWriter();
        Write(writer, value);
        return writer.ToArray();
    }

    /// <summary>Serializes an object whose member values are all strings, such as a leaf's detail commitments.</summary>
    /// <param name="members">Member names and their string values.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">A name or value is null or holds an unpaired surrogate.</exception>
    public static byte[] SerializeObject(IReadOnlyDictionary<string, string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var list = new List<KeyValuePair<string, string>>(members.Count);
        foreach (var member in members)
        {
            list.Add(member);
        }

        var writer = new CanonicalJsonWriter();
        WriteObject(writer, list, static (w, v) => w.WriteString(v ?? throw new ArgumentException("Member values must not be null.")));
        return writer.ToArray();
    }

    /// <summary>Formats a number as RFC 8785 requires (ECMAScript Number.prototype.toString).</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The canonical text, for example <c>1e+21</c>, <c>0.000001</c> or <c>0</c> for -0.</returns>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public static string FormatNumber(double value) => EcmaScriptNumber.Format(value);

    private static void WriteElement(CanonicalJsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, JsonElement>>();
                foreach (var property in value.EnumerateObject())
                {
                    members.Add(new(property.Name, property.Value));
                }

                WriteObject(writer, members, static (w, v) => WriteElement(w, v));
                break;
            case JsonValueKind.Array:
                writer.WriteByte((byte)'[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        writer.WriteByte((byte)',');
                    }

                    first = false;
                    WriteElement(writer, item);
                }

                writer.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                // Unescaped text is already the value's UTF-8 (the parser validated it): written without decoding.
                var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
                if (raw.Contains((byte)'\\'))
                {
                    writer.WriteString(value.GetString()!);
                }
                else
                {
                    writer.WriteString(raw);
                }

                break;
            case JsonValueKind.Number:
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new ArgumentException($"The number {value.GetRawText()} is outside the range of IEEE 754 doubles.");
                }

                writer.WriteNumber(number);
                break;
            case JsonValueKind.True:
                writer.WriteRaw("true"u8);
                break;
            case JsonValueKind.False:
                writer.WriteRaw("false"u8);
                break;
            case JsonValueKind.Null:
                writer.WriteRaw("null"u8);
                break;
            default:
                throw new ArgumentException($"A {value.ValueKind} element is not a JSON value.");
        }
    }

    private static void Write(CanonicalJsonWriter writer, JsonNode? value)
    {
        switch (value)
        {
            case null:
                writer.WriteRaw("null"u8);
                break;
            case JsonObject obj:
                var members = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
                foreach (var member in obj)
                {
                    members.Add(member);
                }

                WriteObject(writer, members, static (w, v) => Write(w, v));
                break;
            case JsonArray array:
                writer.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteByte((byte)',');
                    }

                    Write(writer, array[i]);
                }

                writer.WriteByte((byte)']');
                break;
            case JsonValue leaf:
                WriteValue(writer, leaf);
                break;
        }
    }

    private static void WriteValue(CanonicalJsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(writer, element);
            return;
        }

        // Values built from CLR numbers: check them before the serializer gets a chance to reject or quote them.
        if (value.TryGetValue<double>(out var d))
        {
            writer.WriteNumber(d);
            return;
        }

        if (value.TryGetValue<float>(out var f))
        {
            writer.WriteNumber(f);
            return;
        }

        if (value.TryGetValue<string>(out var s))
        {
            writer.WriteString(s);
            return;
        }

        WriteElement(writer, JsonSerializer.SerializeToElement(value));
    }

    private static void WriteObject<T>(
        CanonicalJsonWriter writer, List<KeyValuePair<string, T>> members, Action<CanonicalJsonWriter, T> writeValue)
    {
        // Ordinal comparison of .NET strings is exactly comparison by UTF-16 code units.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        writer.WriteByte((byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Key, members[i].Key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The member name \"{members[i].Key}\" appears twice; its canonical form is undefined.");
                }

                writer.WriteByte((byte)',');
            }

            writer.WriteString(members[i].Key);
            writer.WriteByte((byte)':');
            writeValue(writer, members[i].Value);
        }

        writer.WriteByte((byte)'}');
    }
}
