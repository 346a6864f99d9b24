using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

/// <summary>Opens the queue's connections to the platform database, each in a scope of its own, and tells the time.</summary>
internal sealed class QueueStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly QueueDialect Postgres = new PostgresQueueDialect();
    private static readonly QueueDialect Sqlite = new SqliteQueueDialect();

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<T> WithConnectionAsync<T>(Func<QueueConnection, Task<T>> work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SymphonyDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        return await work(new QueueConnection(db, db.IsSqlite ? Sqlite : Postgres));
    }

    public Task<T> InTransactionAsync<T>(Func<QueueConnection, Task<T>> work, CancellationToken ct) =>
        WithConnectionAsync(async sql =>
        {
            await using var transaction = await sql.BeginAsync(ct);
            var result = await work(sql);
            await transaction.CommitAsync(ct);
            return result;
        }, ct);
}
