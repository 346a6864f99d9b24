using Symphony.Domain.Common;
using Symphony.Domain.Runs;
using static Symphony.Domain.Runs.ExecutionStatus;

namespace Symphony.Domain.Tests.Runs;

public sealed class ExecutionTransitionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);

    // The table as the issue states it, written out independently of ExecutionTransitions.
    private static readonly HashSet<(ExecutionStatus, ExecutionStatus)> Table =
    [
        (Pending, Processing), (Pending, Cancelled), (Pending, Skipped),
        (Processing, Completed), (Processing, Failed), (Processing, Retrying), (Processing, Cancelled),
        (Retrying, Processing), (Retrying, Cancelled),
        (Failed, Pending),
    ];

    public static TheoryData<ExecutionStatus, ExecutionStatus> AllPairs()
    {
        var data = new TheoryData<ExecutionStatus, ExecutionStatus>();
        foreach (var from in Enum.GetValues<ExecutionStatus>())
            foreach (var to in Enum.GetValues<ExecutionStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_transition_is_allowed_exactly_when_the_table_lists_it(ExecutionStatus from, ExecutionStatus to)
    {
        var item = new ItemExecution { Status = from, MaxAttempts = 3 };
        if (Table.Contains((from, to)))
        {
            var history = item.TransitionTo(to, Now, "because");
            Assert.Equal(to, item.Status);
            Assert.Equal((from, to), (history.FromStatus, history.ToStatus));
            Assert.Equal(item.Id, history.ItemExecutionId);
            Assert.Equal(Now, history.OccurredAt);
        }
        else
        {
            var error = Assert.Throws<DomainException>(() => item.TransitionTo(to, Now));
            Assert.Equal(MessageCodes.InvalidStateTransition, error.Code);
            Assert.Equal(from, item.Status);
        }
    }

    [Fact]
    public void Completed_cancelled_and_skipped_are_terminal_and_failed_is_not()
    {
        Assert.True(ExecutionTransitions.IsTerminal(Completed));
        Assert.True(ExecutionTransitions.IsTerminal(Cancelled));
        Assert.True(ExecutionTransitions.IsTerminal(Skipped));
        Assert.False(ExecutionTransitions.IsTerminal(Failed));
    }

    [Fact]
    public void A_retried_item_counts_its_attempts_and_each_change_yields_one_history_row()
    {
        var item = new ItemExecution { MaxAttempts = 2 };
        var history = new List<ItemStateHistory>
        {
            item.TransitionTo(Processing, Now),
            item.TransitionTo(Retrying, Now.AddSeconds(1), "timeout"),
            item.TransitionTo(Processing, Now.AddSeconds(3)),
        };
        Assert.Equal(Failed, ItemExecution.AfterFailedAttempt(item.AttemptCount, item.MaxAttempts, retryable: true));
        history.Add(item.TransitionTo(Failed, Now.AddSeconds(4), "timeout again"));

        Assert.Equal([Pending, Processing, Retrying, Processing], history.Select(h => h.FromStatus));
        Assert.Equal([1, 1, 2, 2], history.Select(h => h.Attempt));
        Assert.Equal("timeout again", item.Error);
        Assert.Equal(Now.AddSeconds(4), item.FinishedAt);
    }

    [Fact]
    public void Re_queuing_a_failed_item_gives_it_fresh_attempts()
    {
        var item = new ItemExecution { MaxAttempts = 1 };
        item.TransitionTo(Processing, Now);
        item.TransitionTo(Failed, Now, "boom");
        item.TransitionTo(Pending, Now.AddMinutes(5), "retry failed items");
        Assert.Equal(0, item.AttemptCount);
        Assert.Null(item.Error);
        Assert.Null(item.FinishedAt);
        Assert.Equal(Now.AddMinutes(5), item.NextAttemptAt);
    }

    [Theory]
    [InlineData(1, 0.0, 2)]
    [InlineData(2, 0.0, 4)]
    [InlineData(3, 0.0, 8)]
    [InlineData(3, 1.0, 10)]
    [InlineData(30, 0.0, 3600)]
    public void Backoff_doubles_per_attempt_with_up_to_a_quarter_of_jitter_and_caps_at_an_hour(int attempts, double jitter, double seconds) =>
        Assert.Equal(seconds, ItemExecution.Backoff(attempts, TimeSpan.FromSeconds(2), jitter).TotalSeconds, 6);
}
