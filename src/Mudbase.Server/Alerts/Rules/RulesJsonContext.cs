using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Server.Alerts.Rules;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(Mudbase.Contracts.UtcTimestampConverter)])]
[JsonSerializable(typeof(RuleDefinition))]
[JsonSerializable(typeof(RuleInput))]
[JsonSerializable(typeof(RuleResponse))]
[JsonSerializable(typeof(RuleListResponse))]
[JsonSerializable(typeof(RuleDeletedResponse))]
[JsonSerializable(typeof(RuleState))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
