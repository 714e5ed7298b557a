using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Cli;

/// <summary>The consistency proof as the server answers it: <c>{"success":true,"from":M,"to":N,"proof":["base64",…]}</c>.</summary>
/// <param name="Success">True for a proof.</param>
/// <param name="From">The older tree size.</param>
/// <param name="To">The newer tree size.</param>
/// <param name="Proof">Base64 RFC 9162 consistency proof.</param>
internal sealed record ConsistencyProofDocument(bool Success, long From, long To, IReadOnlyList<string>? Proof);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConsistencyProofDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
