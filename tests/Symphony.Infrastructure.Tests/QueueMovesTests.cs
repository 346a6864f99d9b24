using Microsoft.Data.Sqlite;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Runs;

namespace Symphony.Infrastructure.Tests;

/// <summary>The queue's SQL and the domain's transition table stay one state machine.</summary>
public sealed class QueueMovesTests
{
    /// <summary>
    /// Transitions the table allows that no queue statement makes: adding one to the table means deciding here who
    /// makes it. An item is skipped when its run starts (<c>StartRunHandler</c>), before the queue ever sees it.
    /// </summary>
    private static readonly (ExecutionStatus, ExecutionStatus)[] NotMadeByTheQueue =
    [
        (ExecutionStatus.Pending, ExecutionStatus.Skipped),
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

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    public void A_lost_attempt_goes_where_the_domain_sends_a_retryable_failure(int attemptsMade, int maxAttempts)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {QueueMoves.AfterLostAttempt} FROM (SELECT {attemptsMade} AS attempt_count, {maxAttempts} AS max_attempts)";
        var stored = (string)command.ExecuteScalar()!;

        Assert.Equal(QueueMoves.Stored(ItemExecution.AfterFailedAttempt(attemptsMade, maxAttempts, retryable: true)), stored);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("skipped")]
    [InlineData("completed,skipped")]
    [InlineData("completed,failed")]
    [InlineData("cancelled,completed")]
    [InlineData("cancelled,failed,skipped")]
    public void A_finished_batch_ends_where_the_domain_says_from_its_items(string statuses)
    {
        var items = statuses.Split(',').Select(s => Enum.Parse<ExecutionStatus>(s, ignoreCase: true)).ToList();
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE batch_executions (id INTEGER, run_id INTEGER);
            CREATE TABLE item_executions (run_id INTEGER, batch_execution_id INTEGER, status TEXT);
            INSERT INTO batch_executions VALUES (1, 7);
            INSERT INTO item_executions VALUES {string.Join(", ", items.Select(i => $"(7, 1, '{QueueMoves.Stored(i)}')"))};
            SELECT {BatchProgress.Outcome} FROM batch_executions;
            """;
        var stored = (string)command.ExecuteScalar()!;

        var expected = BatchExecution.Outcome(items.Contains(ExecutionStatus.Failed), items.Contains(ExecutionStatus.Cancelled));
        Assert.Equal(QueueMoves.Stored(expected), stored);
    }

    [Fact]
    public void A_failure_that_cannot_pass_fails_with_attempts_left()
    {
        Assert.Equal(ExecutionStatus.Failed, ItemExecution.AfterFailedAttempt(1, 3, retryable: false));
        Assert.Equal(ExecutionStatus.Retrying, ItemExecution.AfterFailedAttempt(1, 3, retryable: true));
        Assert.Equal(ExecutionStatus.Failed, ItemExecution.AfterFailedAttempt(3, 3, retryable: true));
    }
}
