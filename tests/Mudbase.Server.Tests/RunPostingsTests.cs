using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Postings;

namespace Mudbase.Server.Tests;

/// <summary>The posting lists of one run, grouped by hashing and extended from the stored lists of the runs it absorbs.</summary>
public sealed class RunPostingsTests
{
    [Fact]
    public void ThePostingsOfSomeEventsAreEveryValuesListInFieldThenOrdinalValueOrder()
    {
        var events = Events(1, 3000, seed: 13);

        var postings = Postings(events);

        // The lists as the index has always defined them: grouped by (field, value), sorted by field then ordinal value.
        var expected = events
            .SelectMany(e => new (int Field, string? Value)[]
            {
                (EventTerms.UserId, e.UserId), (EventTerms.IpAddress, e.IpAddress), (EventTerms.Resource, e.Resource),
                (EventTerms.TypeAndSeverity, EventTerms.TypeSeverity(e.EventType, e.Severity)),
                (EventTerms.Severity, e.Severity), (EventTerms.Actor, e.Actor),
            }.Where(t => t.Value is not null).Select(t => (t.Field, Value: t.Value!, e.Sequence)))
            .GroupBy(t => (t.Field, t.Value))
            .OrderBy(g => g.Key.Field).ThenBy(g => g.Key.Value, StringComparer.Ordinal)
            .SelectMany(g => PostingLists.Encode(g.Select(t => t.Sequence).ToList()).Select(part => (g.Key.Field, g.Key.Value, part)))
            .ToList();
        Assert.Contains(postings, p => p.Part.Gaps.Length > 0);
        Assert.Equal(expected.Count, postings.Count);
        Assert.All(expected.Zip(postings), pair =>
        {
            Assert.Equal((pair.First.Field, pair.First.Value), (pair.Second.Field, pair.Second.Value));
            Assert.Equal((pair.First.part.First, pair.First.part.Last), (pair.Second.Part.First, pair.Second.Part.Last));
            Assert.Equal(pair.First.part.Gaps, pair.Second.Part.Gaps);
        });
    }

    [Fact]
    public void StoredRunsExtendedWithNewEventsAreTheSameAsAllTheEventsPostedInOneGo()
    {
        var events = Events(1, 5000, seed: 7);
        // Three stored runs, the last sharing values with the events that follow; long lists cross part boundaries.
        var stored = new[] { (1, 2048), (2049, 3072), (3073, 3584) }
            .SelectMany(run => Postings(events.Where(e => e.Sequence >= run.Item1 && e.Sequence <= run.Item2))
                .Select(p => new StoredPosting(run.Item1, p.Field, p.Value, p.Part)))
            .ToList();

        var merged = new RunPostings().AddStored(stored).Add(events.Where(e => e.Sequence > 3584)).Build();

        Assert.Equal(Rows(Postings(events)), Rows(merged));
    }

    [Fact]
    public void ACorruptStoredPartIsReportedWithItsRun()
    {
        var good = Postings(Events(1, 10, seed: 1)).Select(p => new StoredPosting(1, p.Field, p.Value, p.Part)).ToList();
        var cut = good[0] with { Run = 1, Part = new PostingPart(good[0].Part.First, good[0].Part.Last + 1, [0x80]) };

        var error = Assert.Throws<InvalidDataException>(() => new RunPostings().AddStored([.. good.Skip(1), cut]));

        Assert.Contains("run 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("cut off", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new RunPostings().AddStored([good[0] with { Field = 9 }]));
    }

    private static List<IndexPosting> Postings(IEnumerable<DetailValues> events) => new RunPostings().Add(events).Build();

    private static List<string> Rows(List<IndexPosting> postings) =>
        [.. postings.Select(p => $"{p.Field}|{p.Value}|{p.Part.First}|{p.Part.Last}|{Convert.ToHexString(p.Part.Gaps)}")];

    // Values that repeat (some on most events, some rare), are absent, share prefixes, hold colons and non-ASCII
    // characters whose ordinal order differs from a culture's.
    private static List<DetailValues> Events(long first, int count, int seed)
    {
        var random = new Random(seed);
        string[] types = ["bulk_data_export", "brute_force_attempt", "a:b", "zeta"];
        string[] severities = ["low", "medium", "high", "critical"];
        string[] shapes = ["usr_{0}", "Usr_{0}", "usr_{0}é", "usr_{0}:x", "ÿ{0}", "a{0}"];
        string? Value(int spread) => random.Next(5) == 0 ? null : string.Format(
            System.Globalization.CultureInfo.InvariantCulture, shapes[random.Next(shapes.Length)], random.Next(spread));
        var events = new List<DetailValues>();
        for (var sequence = first; events.Count < count; sequence += 1 + random.Next(3) / 2)
        {
            events.Add(new DetailValues(sequence, Value(50), Value(7), Value(3000), types[random.Next(types.Length)],
                severities[random.Next(severities.Length)], random.Next(2) == 0 ? "usr_actor" : "key_api"));
        }
        return events;
    }
}
