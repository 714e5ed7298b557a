using System.Text;
using System.Text.Json;

namespace Mudbase.Bench.LoadDriver;

/// <summary>
/// Batch bodies with a realistic spread: a few dominant event types, mostly low and medium severities, and
/// detail values drawn from fixed pools, so every query shape has values that exist and a known selectivity.
/// </summary>
internal static class EventBodies
{
    public const int Users = 5000;
    public const int IpAddresses = 20000;
    public const int Resources = 1000;

    // Weighted by how often an application would raise them.
    public static readonly (string Type, int Weight)[] Types =
    [
        ("unauthorized_access_attempt", 30), ("suspicious_api_activity", 25), ("brute_force_attempt", 15),
        ("bulk_data_export", 10), ("mfa_bypass_attempt", 8), ("admin_privilege_escalation", 6),
        ("private_key_export", 4), ("data_breach_detected", 2),
    ];

    public static readonly (string Severity, int Weight)[] Severities =
        [("low", 40), ("medium", 35), ("high", 18), ("critical", 7)];

    private static readonly string[] Agents = ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "okhttp/4.12", "python-requests/2.32", "Go-http-client/2.0"];
    private static readonly string[] Actions = ["login", "read", "export", "delete", "grant", "rotate_key", "download"];
    private static readonly string[] Reasons = ["invalid password", "token expired", "rate limit exceeded", "unusual location", "policy violation"];

    public static string User(int i) => $"usr_bench{i:D5}";

    public static string Ip(int i) => $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}";

    public static string Resource(int i) => $"/api/v1/resources/{i:D4}";

    public static byte[] Build(Random random, int count)
    {
        using var buffer = new MemoryStream(count * 320);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("events");
            for (var i = 0; i < count; i++)
            {
                json.WriteStartObject();
                json.WriteString("eventType", Pick(random, Types));
                json.WriteString("severity", Pick(random, Severities));
                json.WriteStartObject("details");
                json.WriteString("userId", User(random.Next(Users)));
                json.WriteString("ipAddress", Ip(random.Next(IpAddresses)));
                json.WriteString("resource", Resource(random.Next(Resources)));
                json.WriteString("userAgent", Agents[random.Next(Agents.Length)]);
                json.WriteString("action", Actions[random.Next(Actions.Length)]);
                json.WriteString("reason", Reasons[random.Next(Reasons.Length)]);
                json.WriteNumber("attempt", random.Next(1, 10));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string Pick(Random random, (string Value, int Weight)[] weighted)
    {
        var roll = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if (roll < weight)
                return value;
            roll -= weight;
        }
        return weighted[^1].Value;
    }

    public static string Describe() => Encoding.UTF8.GetString(Build(new Random(1), 1));
}
