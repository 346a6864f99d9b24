using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Domain.Tests;

public sealed class OrchestrationInstanceTests
{
    private static readonly DateTime Start = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_instance_follows_its_engine_and_records_when_it_started_and_how_long_it_took()
    {
        var instance = new OrchestrationInstance();
        Assert.True(instance.Report(ExecutionStatus.Processing, Start));
        Assert.False(instance.Report(ExecutionStatus.Processing, Start.AddSeconds(5)));
        Assert.True(instance.Report(ExecutionStatus.Completed, Start.AddSeconds(90)));

        Assert.Equal((Start, Start.AddSeconds(90), 90), (instance.StartedAt!.Value, instance.FinishedAt!.Value, instance.DurationSeconds!.Value));
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Cancelled)]
    public void A_finished_instance_keeps_its_final_status_whatever_is_reported_later(ExecutionStatus final)
    {
        var instance = new OrchestrationInstance();
        instance.Report(ExecutionStatus.Processing, Start);
        instance.Report(final, Start.AddSeconds(10));

        foreach (var later in new[] { ExecutionStatus.Processing, ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled })
            instance.Report(later, Start.AddSeconds(20));

        Assert.Equal(final, instance.Status);
        Assert.Equal(Start.AddSeconds(10), instance.FinishedAt);
    }
}
