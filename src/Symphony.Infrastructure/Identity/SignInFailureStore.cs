using Microsoft.EntityFrameworkCore;
using Symphony.Application.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

/// <summary>
/// Failed sign-ins in the <c>sign_in_failures</c> table, written with one upsert per key (the same SQL on SQLite and
/// PostgreSQL), so concurrent failures on any node add up. Rows whose last failure is past the memory are deleted
/// as failures come.
/// </summary>
public sealed class SignInFailureStore(SymphonyDbContext db) : ISignInFailureStore
{
    public async Task<DateTime?> BlockedUntilAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        // The keys go as parameters; only their placeholders are put into the text.
        var sql = "SELECT max(blocked_until_ms) AS \"Value\" FROM sign_in_failures WHERE throttle_key IN (" + Placeholders(keys.Count) + ")";
        var until = (await db.Database.SqlQueryRaw<long?>(sql, [.. keys]).ToListAsync(ct)).FirstOrDefault();
        return until is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;
    }

    public async Task<int> RecordFailureAsync(string key, DateTime now, TimeSpan memory, CancellationToken ct)
    {
        var cutoff = Ms(now - memory);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM sign_in_failures WHERE last_failure_ms < {0}", [cutoff], ct);
        var counts = await db.Database.SqlQueryRaw<int>("""
            INSERT INTO sign_in_failures (throttle_key, failures, last_failure_ms, blocked_until_ms) VALUES ({0}, 1, {1}, NULL)
            ON CONFLICT (throttle_key) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.last_failure_ms < {2} THEN 1 ELSE sign_in_failures.failures + 1 END,
                blocked_until_ms = CASE WHEN sign_in_failures.last_failure_ms < {2} THEN NULL ELSE sign_in_failures.blocked_until_ms END,
                last_failure_ms = {1}
            RETURNING failures AS "Value"
            """, [key, Ms(now), cutoff]).ToListAsync(ct);
        return counts[0];
    }

    public Task BlockAsync(string key, DateTime until, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE sign_in_failures
            SET blocked_until_ms = CASE WHEN blocked_until_ms IS NULL OR blocked_until_ms < {1} THEN {1} ELSE blocked_until_ms END
            WHERE throttle_key = {0}
            """, [key, Ms(until)], ct);

    public async Task ClearAsync(IReadOnlyList<string> keys, IReadOnlyList<string> prefixes, CancellationToken ct)
    {
        if (keys.Count > 0)
        {
            var sql = "DELETE FROM sign_in_failures WHERE throttle_key IN (" + Placeholders(keys.Count) + ")";
            await db.Database.ExecuteSqlRawAsync(sql, [.. keys], ct);
        }
        // substr, not LIKE: '_' is allowed in usernames and is a LIKE wildcard.
        foreach (var prefix in prefixes)
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sign_in_failures WHERE substr(throttle_key, 1, {0}) = {1}", [prefix.Length, prefix], ct);
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "{" + i + "}"));

    private static long Ms(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
