using System.Net.Http.Json;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// Everything the API answers about stored details, as text: each event's view and proof, the list page, the evidence
/// bundle's lines and the Article 30 personal data categories. Two snapshots are equal when the stored rows read the same.
/// </summary>
public sealed record DetailSnapshot(List<string> Events, List<string> Proofs, string Page, List<string> BundleLines, string Categories)
{
    public static async Task<DetailSnapshot> TakeAsync(HttpClient owner, IReadOnlyList<string> ids)
    {
        var events = new List<string>();
        var proofs = new List<string>();
        foreach (var id in ids)
        {
            events.Add(await owner.GetStringAsync($"/api/compliance/security-events/{id}"));
            proofs.Add(await owner.GetStringAsync($"/api/compliance/security-events/{id}/proof"));
        }
        var page = await owner.GetStringAsync("/api/compliance/security-events?limit=100");
        var bundle = await owner.GetStringAsync("/api/compliance/security-events/export?format=evidence");
        // The first line is the bundle's header, stamped with the time of the export.
        var lines = bundle.Split('\n').Skip(1).ToList();
        using var record = await owner.PostAsJsonAsync("/api/compliance/data-processing-record", new { recordDate = "2026-01-01T00:00:00Z" });
        var categories = (await Json.ReadAsync(record)).GetProperty("record").GetProperty("processingActivities")[0]
            .GetProperty("personalDataCategories").GetRawText();
        return new DetailSnapshot(events, proofs, page, lines, categories);
    }

    public void AssertSameAs(DetailSnapshot other)
    {
        Assert.Equal(Events, other.Events);
        Assert.Equal(Proofs, other.Proofs);
        Assert.Equal(Page, other.Page);
        Assert.Equal(BundleLines, other.BundleLines);
        Assert.Equal(Categories, other.Categories);
    }
}
