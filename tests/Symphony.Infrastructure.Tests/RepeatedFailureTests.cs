using Symphony.Infrastructure.Common;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

public sealed class RepeatedFailureTests
{
    [Fact]
    public void A_failure_repeated_a_hundred_times_is_logged_once_and_its_end_once_with_the_count()
    {
        var logs = new CapturedLogs(Microsoft.Extensions.Logging.LogLevel.Information);
        var failure = new RepeatedFailure(logs.CreateLogger("worker"), "Claiming failed");
        var waits = Enumerable.Range(0, 100).Select(_ => failure.Failed(new InvalidOperationException("the store is out"))).ToList();

        Assert.Single(logs.Entries);
        Assert.Equal([250, 500, 1000, 2000, 4000, 5000, 5000], waits.Take(7).Select(w => (int)w.TotalMilliseconds));
        Assert.All(waits.Skip(5), w => Assert.Equal(TimeSpan.FromSeconds(5), w));
        failure.Succeeded();
        failure.Succeeded();
        Assert.Equal(2, logs.Entries.Count);
        Assert.Contains("after 100 failure(s)", logs.Entries.Last().Message);
        Assert.Equal(0, failure.Count);
    }
}
