using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>What the Article 30 record states about retention: the organisation's retention policy as it is in force.</summary>
internal sealed class DataRetention(IPrivacyStore privacy, TimeProvider time)
{
    private const string Erasure =
        "Erasure deletes the plain values and their salts and keeps the ledger's commitments, so every proof still verifies; " +
        "events under a legal hold keep their details until it is released. Accounts are kept while they exist.";

    public async Task<RetentionStatement> DescribeAsync(string orgId, CancellationToken cancellationToken)
    {
        var settings = await privacy.GetSettingsAsync(orgId, time.GetUtcNow(), cancellationToken);
        return settings.RetentionDays is { } days
            ? new RetentionStatement("erase-details-after", days,
                $"Personal data in event details is erased automatically {days} days after the event; the event's type, " +
                $"severity, time and commitments stay in the ledger. Data subjects may ask for earlier erasure. {Erasure}")
            : new RetentionStatement("indefinite", null,
                "No retention period is set: events and their details are kept until erased on request or a retention " +
                $"period is set (PUT /api/compliance/retention). {Erasure}");
    }
}
