using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Server.Alerts;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhooksResponse))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(WebhookCreatedResponse))]
[JsonSerializable(typeof(SecretRotatedResponse))]
[JsonSerializable(typeof(DeliveryAttemptsResponse))]
[JsonSerializable(typeof(WebhookTestResponse))]
[JsonSerializable(typeof(DeadLettersResponse))]
[JsonSerializable(typeof(DeadLetterReplayResponse))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
