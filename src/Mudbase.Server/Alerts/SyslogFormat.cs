using System.Globalization;
using System.Text;
using Mudbase.Contracts;

namespace Mudbase.Server.Alerts;

/// <summary>
/// RFC 5424 messages with RFC 5425 octet-counting framing (<c>LEN SP MSG</c>). Facility 13 (log audit); the
/// severity maps critical→2, high→3, medium→4, low→5. The body is the webhook JSON payload or a CEF record.
/// </summary>
internal static class SyslogFormat
{
    public const string Json = "json", Cef = "cef";
    private const int Facility = 13;

    public static byte[] Frame(OutboundMessage message, string format, string hostName)
    {
        var view = message.Event;
        var severity = view?.Severity switch { "critical" => 2, "high" => 3, "medium" => 4, "low" => 5, _ => 6 };
        var header = string.Create(CultureInfo.InvariantCulture,
            $"<{Facility * 8 + severity}>1 {message.Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {Token(hostName, 255)} mudbase - {Token(view?.EventType ?? message.Type, 32)} ");
        var data = view is null
            ? $"[mudbase@32473 msgId=\"{Param(message.Id)}\"]"
            : $"[mudbase@32473 eventId=\"{Param(view.EventId)}\" sequence=\"{view.Sequence}\" leafHash=\"{Param(view.LeafHash)}\"]";
        var body = format == Cef ? Encoding.UTF8.GetBytes(CefRecord(message, view)) : message.Body;
        var prefix = Encoding.UTF8.GetBytes(header + data + " ");
        var length = Encoding.ASCII.GetBytes((prefix.Length + body.Length).ToString(CultureInfo.InvariantCulture) + " ");
        return [.. length, .. prefix, .. body];
    }

    /// <summary>ArcSight CEF 0: header fields escape <c>\</c> and <c>|</c>; extension values escape <c>\</c>, <c>=</c> and line breaks.</summary>
    public static string CefRecord(OutboundMessage message, SecurityEventView? view)
    {
        if (view is null)
            return $"CEF:0|Mudbase|Mudbase|1|{message.Type}|Test delivery|1|externalId={Ext(message.Id)}";
        var severity = view.Severity switch { "critical" => 10, "high" => 8, "medium" => 5, _ => 3 };
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"CEF:0|Mudbase|Mudbase|1|{Head(view.EventType)}|{Head(view.EventType.Replace('_', ' '))}|{severity}|"));
        text.Append(CultureInfo.InvariantCulture, $"rt={view.RecordedAt.ToUnixTimeMilliseconds()} externalId={Ext(view.EventId)} suser={Ext(view.Actor)}");
        if (view.SourceIp is { } source)
            text.Append(" src=").Append(Ext(source));
        text.Append(CultureInfo.InvariantCulture, $" cn1Label=sequence cn1={view.Sequence} cs1Label=leafHash cs1={Ext(view.LeafHash)}");
        foreach (var (key, value) in view.Details.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (IsCefKey(key))
                text.Append(" mudbase").Append(key).Append('=').Append(Ext(value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText()));
        }
        return text.ToString();
    }

    private static bool IsCefKey(string key) => key.Length <= 60 && key.All(char.IsAsciiLetterOrDigit);

    private static string Head(string value) => value.Replace("\\", "\\\\").Replace("|", "\\|");

    private static string Ext(string value) =>
        value.Replace("\\", "\\\\").Replace("=", "\\=").Replace("\r", "\\r").Replace("\n", "\\n");

    private static string Param(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("]", "\\]");

    /// <summary>A header field: printable US-ASCII without spaces, at most <paramref name="max"/> characters, "-" when empty.</summary>
    private static string Token(string value, int max)
    {
        var token = new string(value.Where(c => c is > ' ' and < (char)127).Take(max).ToArray());
        return token.Length == 0 ? "-" : token;
    }
}
