using CsCheck;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Domain.Tests.Runs;

/// <summary>
/// Random sequences of moves, legal or not, applied to an item execution and a run: every legal move is taken with its
/// history, every other is refused without a trace, and nothing ever leaves the transition table.
/// </summary>
public sealed class ExecutionStateMachineProperties
{
    private static readonly Gen<ExecutionStatus[]> Moves = Gen.Enum<ExecutionStatus>().Array[0, 40];
    private static readonly DateTime Start = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_item_execution_takes_exactly_the_legal_moves_and_counts_an_attempt_per_start()
    {
        Moves.Sample(moves =>
        {
            var item = new ItemExecution { MaxAttempts = 3 };
            var starts = 0;
            var everStarted = false;
            var now = Start;
            foreach (var to in moves)
            {
                now = now.AddSeconds(1);
                var from = item.Status;
                var attempts = item.AttemptCount;
                if (ExecutionTransitions.IsAllowed(from, to))
                {
                    var history = item.TransitionTo(to, now, "moved");
                    Assert.Equal((from, to), (history.FromStatus, history.ToStatus));
                    if (to == ExecutionStatus.Processing) (starts, everStarted) = (starts + 1, true);
                    // A failed item re-queued by a retry gets a fresh set of attempts; its history row names the last one.
                    if (to == ExecutionStatus.Pending) starts = 0;
                    Assert.Equal(starts, item.AttemptCount);
                    Assert.Equal(to == ExecutionStatus.Pending ? attempts : item.AttemptCount, history.Attempt);
                    Assert.Equal(ExecutionTransitions.IsFinished(to), item.FinishedAt is not null);
                }
                else
                {
                    var refused = Assert.Throws<DomainException>(() => item.TransitionTo(to, now));
                    Assert.Equal(MessageCodes.InvalidStateTransition, refused.Code);
                    Assert.Equal((from, attempts), (item.Status, item.AttemptCount));
                }
                Assert.Equal(everStarted, item.StartedAt is not null); // started once first processed, never before
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_terminal_execution_refuses_every_further_move()
    {
        Gen.Select(Moves, Gen.Enum<ExecutionStatus>().Array[1, 10]).Sample((before, after) =>
        {
            var item = new ItemExecution();
            foreach (var to in before.Where(to => ExecutionTransitions.IsAllowed(item.Status, to))) item.TransitionTo(to, Start);
            if (!ExecutionTransitions.IsTerminal(item.Status)) return;
            var terminal = item.Status;
            foreach (var to in after)
            {
                Assert.Throws<DomainException>(() => item.TransitionTo(to, Start));
                Assert.Equal(terminal, item.Status);
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_run_finished_again_by_a_retry_is_processing_with_no_error_or_end()
    {
        Moves.Sample(moves =>
        {
            var run = new Run();
            var now = Start;
            foreach (var to in moves)
            {
                now = now.AddSeconds(1);
                var from = run.Status;
                if (!ExecutionTransitions.IsAllowed(from, to))
                {
                    Assert.Throws<DomainException>(() => run.TransitionTo(to, now));
                    Assert.Equal(from, run.Status);
                    continue;
                }
                run.TransitionTo(to, now);
                Assert.Equal(to, run.Status);
                Assert.Equal(ExecutionTransitions.IsFinished(to), run.FinishedAt is not null);
                if (to == ExecutionStatus.Processing) Assert.Null(run.ErrorSummary);
            }
        }, iter: 2000);
    }
}
