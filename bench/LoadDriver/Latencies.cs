namespace Mudbase.Bench.LoadDriver;

/// <summary>Request latencies of one run, in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<double> values = [];
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
                return values.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (gate)
            values.Add(milliseconds);
    }

    public double Percentile(double p)
    {
        lock (gate)
        {
            if (values.Count == 0)
                return double.NaN;
            values.Sort();
            // Nearest rank: the smallest value with at least p of the samples at or below it.
            var rank = (int)Math.Ceiling(p / 100 * values.Count);
            return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
        }
    }
}
