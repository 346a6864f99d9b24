using System.Data.Common;
using System.Globalization;
using System.Text;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// SQLite: one node, and the database's single writer serialises claims, so no row locks are needed. Its
/// RETURNING cannot read other tables, so statuses and automations are read in the same transaction instead.
/// </summary>
internal sealed class SqliteQueueDialect : QueueDialect
{
    public override int OutcomeChunk => 100;

    public override async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(QueueConnection sql, string worker, int limit, DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        await using var transaction = await sql.BeginAsync(ct);
        var was = (await sql.ReadAsync($"WITH {ItemClaims.ClaimableItems("")} SELECT id, was FROM locked",
                reader => (Id: GuidAt(reader, 0), Was: QueueConnection.StatusAt(reader, 1)), ct, ("now", now), ("limit", limit), ("scan", ItemClaims.Scan(limit))))
            .ToDictionary(row => row.Id, row => row.Was);
        if (was.Count == 0) return [];
        var (ids, idParameters) = IdIn("id", was.Keys);
        var claimed = await sql.ReadAsync($"""
            UPDATE item_executions SET {ItemClaims.LeaseColumns}
            WHERE {ids}
            RETURNING id, run_id, automation_id, attempt_count, max_attempts, payload
            """, reader => (Id: GuidAt(reader, 0), RunId: GuidAt(reader, 1), AutomationId: GuidAt(reader, 2), Attempt: reader.GetInt32(3),
                MaxAttempts: reader.GetInt32(4), Payload: reader.GetString(5)),
            ct, [("now", now), ("worker", worker), ("lease", leaseUntil), .. idParameters]);

        await sql.InsertHistoryAsync(claimed.Select(c => new History(c.Id, c.RunId, was[c.Id], ExecutionStatus.Processing, c.Attempt, null, worker)), now, ct);

        var (automationIds, automationParameters) = IdIn("id", claimed.Select(c => c.AutomationId).Distinct().ToList());
        var automations = (await sql.ReadAsync($"SELECT id, handler_kind, handler_config, retry_delay_seconds FROM automations WHERE {automationIds}",
                reader => (Id: GuidAt(reader, 0), Kind: reader.GetString(1), Config: reader.GetString(2), Delay: reader.GetInt32(3)), ct, automationParameters))
            .ToDictionary(a => a.Id);
        await transaction.CommitAsync(ct);
        return claimed.Select(c => new ClaimedItem(c.Id, c.RunId, c.Attempt, c.MaxAttempts, c.Payload,
            automations[c.AutomationId].Kind, automations[c.AutomationId].Config, automations[c.AutomationId].Delay)).ToList();
    }

    /// <summary>One UPDATE per item, all sent at once in one transaction; each names its row only if the lease is still ours.</summary>
    public override async Task<HashSet<Guid>> RecordAsync(QueueConnection sql, IReadOnlyList<Outcome> outcomes, string worker, DateTime now, CancellationToken ct)
    {
        await using var transaction = await sql.BeginAsync(ct);
        var text = new StringBuilder();
        var parameters = new List<(string, object?)> { ("now", now), ("worker", worker) };
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (finished, to, next) = outcomes[i];
            text.Append(CultureInfo.InvariantCulture, $"""
                UPDATE item_executions SET status = @to{i}, result_payload = @result{i}, error = @error{i}, finished_at = @finished{i},
                    next_attempt_at = @next{i}, lease_owner = NULL, lease_expires_at = NULL, duration_ms = @duration{i}, updated_at = @now
                WHERE id = @id{i} AND status = 'processing' AND lease_owner = @worker RETURNING id;
                """);
            parameters.AddRange([($"to{i}", QueueMoves.Stored(to)), ($"result{i}", finished.Outcome.ResultJson), ($"error{i}", finished.Outcome.Error),
                ($"finished{i}", to == ExecutionStatus.Retrying ? null : now), ($"next{i}", next), ($"duration{i}", finished.DurationMs), ($"id{i}", finished.Item.Id)]);
        }
        var changed = (await sql.ReadAsync(text.ToString(), reader => GuidAt(reader, 0), ct, [.. parameters])).ToHashSet();
        await sql.InsertHistoryAsync(outcomes.Where(o => changed.Contains(o.Finished.Item.Id)).Select(o => new History(o.Finished.Item.Id,
            o.Finished.Item.RunId, ExecutionStatus.Processing, o.To, o.Finished.Item.Attempt, o.Finished.Outcome.Error, worker)), now, ct);
        await transaction.CommitAsync(ct);
        return changed;
    }

    public override (string Condition, (string Name, object? Value)[] Parameters) IdIn(string column, IReadOnlyCollection<Guid> ids, string prefix = "id") =>
        ($"{column} IN ({string.Join(", ", ids.Select((_, i) => $"@{prefix}{i}"))})", [.. ids.Select((id, i) => ($"{prefix}{i}", (object?)id))]);

    public override Guid GuidAt(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override object? Stored(object? value) => SqliteValues.Stored(value);
}
