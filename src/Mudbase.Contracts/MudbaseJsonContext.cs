using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Source-generated JSON metadata for every wire type (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(LogSecurityEventRequest))]
[JsonSerializable(typeof(LogSecurityEventResponse))]
[JsonSerializable(typeof(GetSecurityEventResponse))]
[JsonSerializable(typeof(ListSecurityEventsResponse))]
[JsonSerializable(typeof(LogSecurityEventsBatchRequest))]
[JsonSerializable(typeof(LogSecurityEventsBatchResponse))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(CurrentUserResponse))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(ComplianceSummaryResponse))]
[JsonSerializable(typeof(CheckpointResponse))]
[JsonSerializable(typeof(ProofResponse))]
[JsonSerializable(typeof(ConsistencyResponse))]
[JsonSerializable(typeof(PublicKeyResponse))]
[JsonSerializable(typeof(CreateInviteRequest))]
[JsonSerializable(typeof(CreateInviteResponse))]
[JsonSerializable(typeof(AcceptInviteRequest))]
[JsonSerializable(typeof(MembersResponse))]
[JsonSerializable(typeof(UpdateMemberRequest))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreateApiKeyResponse))]
[JsonSerializable(typeof(ApiKeysResponse))]
[JsonSerializable(typeof(UpdateApiKeyBody))]
[JsonSerializable(typeof(UpdateApiKeyResponse))]
[JsonSerializable(typeof(ApiKeyUsageResponse))]
[JsonSerializable(typeof(RegenerateApiKeyResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class MudbaseJsonContext : JsonSerializerContext;
