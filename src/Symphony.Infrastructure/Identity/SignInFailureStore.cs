using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Identity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Identity;

/// <summary>
/// Sign-in attempts in the <c>sign_in_failures</c> table. Counting is one upsert per key (the same SQL on SQLite and
/// PostgreSQL) that skips a key while it waits and otherwise counts and sets the next wait in the same statement:
/// the row's lock (PostgreSQL) or the single writer (SQLite) orders concurrent attempts on any node, so none slips
/// past a wait. Rows whose last attempt is past the memory are deleted once per attempt.
/// </summary>
public sealed class SignInFailureStore(SymphonyDbContext db) : ISignInFailureStore
{
    public async Task<DateTime?> TryCountAsync(string key, int free, TimeSpan cap, DateTime now, TimeSpan memory, CancellationToken ct)
    {
        var (nowMs, cutoff) = (Ms(now), Ms(now - memory));
        const string count = "(CASE WHEN sign_in_failures.last_failure_ms < {2} THEN 1 ELSE sign_in_failures.failures + 1 END)";
        // Only numbers computed here go into the text; the key and times are parameters.
        var sql = "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_ms, blocked_until_ms) VALUES ({0}, 1, {1}, " + WaitAfter("1", free, cap) + ") " +
            "ON CONFLICT (throttle_key) DO UPDATE SET failures = " + count + ", blocked_until_ms = " + WaitAfter(count, free, cap) + ", last_failure_ms = {1} " +
            "WHERE sign_in_failures.blocked_until_ms IS NULL OR sign_in_failures.blocked_until_ms <= {1} " +
            "RETURNING failures AS \"Value\"";
        var counted = await db.Database.SqlQueryRaw<int>(sql, [key, nowMs, cutoff]).ToListAsync(ct);
        if (counted.Count > 0) return null;
        var until = (await db.Database.SqlQueryRaw<long?>(
            "SELECT blocked_until_ms AS \"Value\" FROM sign_in_failures WHERE throttle_key = {0}", [key]).ToListAsync(ct)).FirstOrDefault();
        return until is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;
    }

    public Task ForgetBeforeAsync(DateTime cutoff, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("DELETE FROM sign_in_failures WHERE last_failure_ms < {0}", [Ms(cutoff)], ct);

    public Task UncountAsync(string key, int free, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE sign_in_failures SET failures = failures - 1,
                blocked_until_ms = CASE WHEN failures - 1 <= {1} THEN NULL ELSE blocked_until_ms END
            WHERE throttle_key = {0} AND failures > 0
            """, [key, free], ct);

    public async Task ClearAsync(IReadOnlyList<string> keys, IReadOnlyList<string> prefixes, CancellationToken ct)
    {
        if (keys.Count > 0)
        {
            var sql = "DELETE FROM sign_in_failures WHERE throttle_key IN (" + string.Join(", ", keys.Select((_, i) => "{" + i + "}")) + ")";
            await db.Database.ExecuteSqlRawAsync(sql, [.. keys], ct);
        }
        // substr, not LIKE: '_' is allowed in usernames and is a LIKE wildcard.
        foreach (var prefix in prefixes)
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sign_in_failures WHERE substr(throttle_key, 1, {0}) = {1}", [prefix.Length, prefix], ct);
    }

    /// <summary>
    /// The wait set after an attempt whose count is <paramref name="count"/> (an SQL expression), in Unix ms: none
    /// within the free attempts, then 1 s, 2 s, 4 s... from now ({1}), and the cap past the doubling.
    /// </summary>
    private static string WaitAfter(string count, int free, TimeSpan cap)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"CASE WHEN {count} <= {free} THEN NULL");
        var capMs = (long)cap.TotalMilliseconds;
        for (var (step, delayMs) = (1, 1000L); delayMs < capMs; step++, delayMs *= 2)
            text.Append(CultureInfo.InvariantCulture, $" WHEN {count} = {(long)free + step} THEN {{1}} + {delayMs}");
        return text.Append(CultureInfo.InvariantCulture, $" ELSE {{1}} + {capMs} END").ToString();
    }

    private static long Ms(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
