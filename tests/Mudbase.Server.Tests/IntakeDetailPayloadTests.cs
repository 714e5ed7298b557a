using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mudbase.Server.Common;
using Mudbase.Server.Storage;
using Mudbase.Server.Tests.Infrastructure;
using Mudbase.Server.TransparencyLog;
using Mudbase.Server.TransparencyLog.Intake;

namespace Mudbase.Server.Tests;

public sealed class IntakeDetailPayloadTests
{
    [Fact]
    public void ARequestQueuedWithJsonTextDetailsBeforeTheUpgradeIsIntegratedWithTheSameLeafAndStoredBytes()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);
        var details = JsonSerializer.SerializeToElement(new { userId = "usr_1", ipAddress = "10.0.0.1", attempt = 3 })
            .EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList();
        var draft = new EventDraft(Ids.NewEventId(at), "org_intake", "bulk_data_export", "low", at, "usr_owner", null, details);
        var prepared = AppendPlanner.Prepare(draft);
        var entry = IntakeCodec.Encode(new AppendRequest(Guid.NewGuid(), [new PreparedDraft(draft, prepared)], default, null));

        // The same request as a node before schema version 14 queued it: commitments and openings as JSON text.
        var payload = JsonNode.Parse(entry.Payload)!;
        var queued = payload["events"]![0]!;
        queued["commitments"] = LegacyDetailRows.Commitments(prepared.Commitments, prepared.Secrets);
        queued["secrets"] = LegacyDetailRows.Secrets(prepared.Commitments, prepared.Secrets);
        var legacy = entry with { Payload = Encoding.UTF8.GetBytes(payload.ToJsonString()) };
        // A node of schema version 14 queued the explicit layout: it is stored as it came, with the same salts.
        var (explicitCommitments, explicitSecrets) = ExplicitDetailRows.Of(prepared.Commitments, prepared.Secrets);

        foreach (var (stored, commitments, secrets) in new[] { (entry, prepared.Commitments, prepared.Secrets), (legacy, explicitCommitments, explicitSecrets) })
        {
            var read = Assert.Single(IntakeCodec.Decode(stored).Events).Leaf;
            Assert.Equal(commitments, read.Commitments);
            Assert.Equal(secrets, read.Secrets);
            Assert.Equal(prepared.Template.Hash(7), read.Template.Hash(7));
        }
    }
}
