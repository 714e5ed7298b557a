using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>One scrape of <c>/metrics</c> in the Prometheus text format, read the way Prometheus reads it.</summary>
public sealed class PrometheusScrape
{
    private readonly string[] samples;

    private PrometheusScrape(string text)
    {
        Text = text;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        samples = lines.Where(l => !l.StartsWith('#')).ToArray();
        Families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);
    }

    public string Text { get; }

    /// <summary>Every metric family named by a <c># TYPE</c> line.</summary>
    public IReadOnlySet<string> Families { get; }

    /// <summary>Every series name a query may use: families plus the histogram parts Prometheus derives from them.</summary>
    public IReadOnlySet<string> QueryableNames =>
        Families.SelectMany(f => new[] { f, f + "_bucket", f + "_sum", f + "_count" }).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sample lines of one series name (labels included, value last).</summary>
    public IReadOnlyList<string> Samples(string name) =>
        samples.Where(s => s.StartsWith(name + "{", StringComparison.Ordinal) || s.StartsWith(name + " ", StringComparison.Ordinal)).ToList();

    /// <summary>The sum of the values of every sample of one series name.</summary>
    public double Sum(string name) => Samples(name).Sum(Value);

    // A sample is `name{labels} value [timestamp]`; label values may hold spaces, so the value follows the last brace.
    private static double Value(string sample)
    {
        var afterLabels = sample.Contains('{') ? sample[(sample.LastIndexOf('}') + 1)..] : sample[sample.IndexOf(' ')..];
        return double.Parse(afterLabels.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public static async Task<PrometheusScrape> GetAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }
}
