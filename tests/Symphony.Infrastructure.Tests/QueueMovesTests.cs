using Symphony.Domain.Runs;
using Symphony.Infrastructure.Runs;

namespace Symphony.Infrastructure.Tests;

/// <summary>The queue's SQL and the domain's transition table stay one state machine.</summary>
public sealed class QueueMovesTests
{
    /// <summary>Transitions the table allows that no queue statement makes: adding one to the table means deciding here who makes it.</summary>
    private static readonly (ExecutionStatus, ExecutionStatus)[] NotMadeByTheQueue =
    [
        (ExecutionStatus.Pending, ExecutionStatus.Skipped),
        (ExecutionStatus.Retrying, ExecutionStatus.Failed),
        (ExecutionStatus.Failed, ExecutionStatus.Retrying),
    ];

    [Fact]
    public void Every_transition_of_the_domain_is_a_queue_move_or_named_as_not_one()
    {
        var table = ExecutionTransitions.All.Order().ToList();
        var covered = QueueMoves.All.Concat(NotMadeByTheQueue).Distinct().Order().ToList();
        Assert.Equal(table, covered);
    }

    [Fact]
    public void Every_queue_move_is_allowed_by_the_domain()
    {
        Assert.All(QueueMoves.All, move => Assert.True(ExecutionTransitions.IsAllowed(move.From, move.To), $"{move.From} -> {move.To}"));
    }

    [Fact]
    public void Status_sets_of_the_sql_come_from_the_table()
    {
        Assert.Equal(ExecutionTransitions.Into(ExecutionStatus.Processing), QueueMoves.Claimable);
        Assert.Equal("'pending', 'retrying'", QueueMoves.In(QueueMoves.Claimable));
        Assert.DoesNotContain(ExecutionStatus.Processing, QueueMoves.Cancellable);
        Assert.Equal([ExecutionStatus.Failed], QueueMoves.Requeueable);
    }
}
