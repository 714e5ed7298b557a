using Mudbase.Server.Common;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>Managing subscriptions, their secrets, test messages and dead-letter replay.</summary>
internal sealed class WebhookService(
    IWebhookStore store, IEventStore events, DeliverySender sender, OutboundPayloads payloads, TimeProvider time)
{
    public const int MaxPerOrg = 50, ReplayLimit = 100;

    /// <summary>A new subscription starts after the last event already recorded: it receives what comes next.</summary>
    public async Task<(WebhookRecord? Webhook, string? Problem)> CreateAsync(string orgId, WebhookInput input, CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(orgId, cancellationToken)).Count >= MaxPerOrg)
            return (null, $"An organisation has at most {MaxPerOrg} webhooks");
        if (FormatProblem(input.Url!, input.Format) is { } problem)
            return (null, problem);
        var now = time.GetUtcNow();
        var head = (await events.TotalsAsync(orgId, cancellationToken)).Total;
        var syslog = DeliverySender.IsSyslog(input.Url!.AbsoluteUri);
        var webhook = new WebhookRecord(
            Ids.New("whk"), orgId, input.Url.AbsoluteUri, input.Description, input.EventTypes ?? [], input.MinSeverity, input.DetailMatchJson,
            input.Enabled ?? true, input.Format ?? SyslogFormat.Json, syslog ? null : WebhookSignature.NewSecret(), null, null,
            SubscriptionRunner.Active, head, 0, now, null, null, now, now);
        await store.CreateAsync(webhook, cancellationToken);
        return (webhook, null);
    }

    public async Task<(WebhookRecord? Webhook, string? Problem)> UpdateAsync(
        string orgId, string id, WebhookInput input, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(orgId, id, cancellationToken) is not { } current)
            return (null, null);
        var url = input.Url?.AbsoluteUri ?? current.Url;
        if (DeliverySender.IsSyslog(url) != DeliverySender.IsSyslog(current.Url))
            return (current, "url cannot change between a webhook and a syslog destination; create a new subscription");
        var updated = current with
        {
            Url = url,
            Description = input.Has.Contains("description") ? input.Description : current.Description,
            EventTypes = input.EventTypes ?? current.EventTypes,
            MinSeverity = input.Has.Contains("minSeverity") ? input.MinSeverity : current.MinSeverity,
            DetailMatchJson = input.Has.Contains("detailMatch") ? input.DetailMatchJson : current.DetailMatchJson,
            Enabled = input.Enabled ?? current.Enabled,
            Format = input.Format ?? current.Format,
            UpdatedAt = time.GetUtcNow(),
        };
        if (FormatProblem(new Uri(updated.Url), updated.Format) is { } problem)
            return (current, problem);
        await store.UpdateSettingsAsync(updated, cancellationToken);
        return (updated, null);
    }

    /// <summary>A new secret; the previous one keeps signing beside it for <paramref name="overlap"/>.</summary>
    public async Task<(string Secret, DateTimeOffset? PreviousUntil)?> RotateAsync(
        WebhookRecord webhook, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        DateTimeOffset? until = overlap > TimeSpan.Zero ? now + overlap : null;
        var kept = await store.SetSecretsAsync(webhook.OrgId, webhook.Id, secret, until is null ? null : webhook.Secret, until, now, cancellationToken);
        return kept ? (secret, until) : null;
    }

    public async Task<DeliveryAttemptRecord> TestAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        var attempt = await sender.SendAsync(webhook, payloads.ForTest(webhook.OrgId, webhook.Id, time.GetUtcNow()), null, cancellationToken);
        await store.AddAttemptAsync(attempt, cancellationToken);
        return attempt;
    }

    /// <summary>Sends dead-lettered events again, oldest first, one attempt each; delivered ones leave the dead letters.</summary>
    public async Task<(int Delivered, IReadOnlyList<DeadLetterRecord> StillFailing)> ReplayAsync(
        WebhookRecord webhook, IReadOnlySet<long>? only, CancellationToken cancellationToken)
    {
        var failing = new List<DeadLetterRecord>();
        var delivered = 0;
        foreach (var letter in await store.DeadLettersAsync(webhook.Id, ReplayLimit, cancellationToken))
        {
            if (only is not null && !only.Contains(letter.Sequence))
                continue;
            StoredEvent? stored = null;
            await foreach (var found in events.ReadRangeAsync(webhook.OrgId, letter.Sequence, letter.Sequence, cancellationToken))
                stored = found;
            if (stored is null)
                continue;
            var attempt = await sender.SendAsync(webhook, payloads.ForEvent(stored, time.GetUtcNow()), letter.Sequence, cancellationToken);
            await store.AddAttemptAsync(attempt, cancellationToken);
            if (attempt.Succeeded)
            {
                await store.RemoveDeadLetterAsync(webhook.Id, letter.Sequence, cancellationToken);
                delivered++;
            }
            else
            {
                failing.Add(letter with { Attempts = letter.Attempts + 1, LastError = attempt.Error, FailedAt = attempt.AttemptedAt });
            }
        }
        return (delivered, failing);
    }

    private static string? FormatProblem(Uri url, string? format) =>
        format == SyslogFormat.Cef && !DeliverySender.IsSyslog(url.AbsoluteUri)
            ? "format cef applies to syslog destinations only; webhooks always carry the JSON payload"
            : null;
}
