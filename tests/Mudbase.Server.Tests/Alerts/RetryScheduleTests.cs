using Microsoft.Extensions.Options;
using Mudbase.Server.Alerts;

namespace Mudbase.Server.Tests.Alerts;

public sealed class RetryScheduleTests
{
    private readonly RetrySchedule schedule = new(Options.Create(new WebhookOptions { BackoffSeconds = 5, MaxBackoffSeconds = 3600, RetryHours = 24 }));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(5, 80)]
    [InlineData(11, 3600)]
    [InlineData(40, 3600)]
    public void EachRetryWaitsBetweenHalfAndAllOfTheDoublingCeiling(int retry, int ceilingSeconds)
    {
        var delays = Enumerable.Range(0, 200).Select(_ => schedule.DelayBefore(retry).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, ceilingSeconds / 2.0, ceilingSeconds));
        // Jitter: the retries of many subscriptions do not land on the same instant.
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void AnEventIsGivenUpOnOnlyAfterTheWholeRetryPeriod()
    {
        var first = DateTimeOffset.Parse("2026-12-03T10:00:00Z");
        Assert.False(schedule.GivesUp(first, first.AddHours(24).AddSeconds(-1)));
        Assert.True(schedule.GivesUp(first, first.AddHours(24)));
    }
}
