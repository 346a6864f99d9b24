using Symphony.Infrastructure.Common;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

public sealed class RepeatedFailureTests
{
    [Fact]
    public void A_failure_repeated_a_hundred_times_is_logged_once_and_its_end_once_with_the_count()
    {
        var logs = new CapturedLogs(Microsoft.Extensions.Logging.LogLevel.Information);
        var failure = new RepeatedFailure(logs.CreateLogger("worker"), "Claiming failed", new ManualClock());
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

    [Fact]
    public void A_failure_that_goes_on_is_logged_again_once_a_minute_with_its_count_and_span()
    {
        var logs = new CapturedLogs(Microsoft.Extensions.Logging.LogLevel.Information);
        var clock = new ManualClock();
        var failure = new RepeatedFailure(logs.CreateLogger("worker"), "Claiming failed", clock);
        for (var second = 0; second < 150; second++)
        {
            failure.Failed(new InvalidOperationException("the store is out"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        failure.Succeeded();
        var messages = logs.Entries.Select(e => e.Message).ToList();
        Assert.Equal(4, messages.Count);
        Assert.Contains("still failing, 62 failure(s) in 61 s", messages[1]);
        Assert.Contains("still failing, 123 failure(s) in 122 s", messages[2]);
        Assert.Contains("after 150 failure(s) in 150.0 s", messages[3]);
    }
}
