using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Common;
using Mudbase.Server.Compliance;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>
/// The body of a delivery, per the Standard Webhooks payload shape <c>{type, timestamp, data}</c>. The data carries the
/// event as the API shows it with its sequence and leaf hash, so a receiver can later ask for its inclusion proof.
/// </summary>
internal sealed class OutboundPayloads(IOptions<JsonOptions> json)
{
    public const string EventType = "security_event.recorded", TestType = "webhook.test";

    public OutboundMessage ForEvent(StoredEvent stored, DateTimeOffset now) => ForEvent(stored, SecurityEventViews.ToView(stored), now);

    /// <summary>The message of an event, whose <c>timestamp</c> is when it was prepared (<paramref name="now"/>).</summary>
    public OutboundMessage ForEvent(StoredEvent stored, SecurityEventView view, DateTimeOffset now)
    {
        return new(stored.Id, now, Write(EventType, now, writer =>
        {
            writer.WriteString("orgId", stored.OrgId);
            writer.WriteNumber("sequence", stored.Sequence);
            writer.WriteString("leafHash", view.LeafHash);
            writer.WritePropertyName("event");
            JsonSerializer.Serialize(writer, view, json.Value.SerializerOptions.GetTypeInfo(typeof(SecurityEventView)));
        }), EventType, view);
    }

    public OutboundMessage ForTest(string orgId, string webhookId, DateTimeOffset now) =>
        new(Ids.New("msg"), now, Write(TestType, now, writer =>
        {
            writer.WriteString("orgId", orgId);
            writer.WriteString("webhookId", webhookId);
            writer.WriteString("message", "A test delivery from Mudbase: the signature verifies with this subscription's secret.");
        }), TestType, null);

    private static byte[] Write(string type, DateTimeOffset now, Action<Utf8JsonWriter> data)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteStartObject("data");
            data(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
