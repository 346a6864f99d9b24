using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

/// <summary>Raw SQL on a context's open connection, with values stored the way EF stores them on its provider.</summary>
internal sealed class QueueConnection(SymphonyDbContext db, QueueDialect dialect)
{
    private readonly DbConnection _connection = db.Database.GetDbConnection();
    private DbTransaction? _transaction;

    public SymphonyDbContext Db { get; } = db;
    public QueueDialect Dialect { get; } = dialect;

    /// <summary>Commands run in the transaction until it is committed or disposed; without one, each is its own.</summary>
    public async Task<Transaction> BeginAsync(CancellationToken ct)
    {
        _transaction = await _connection.BeginTransactionAsync(ct);
        return new Transaction(this, _transaction);
    }

    public sealed class Transaction(QueueConnection owner, DbTransaction inner) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken ct) => inner.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            owner._transaction = null;
            await inner.DisposeAsync();
        }
    }

    public async Task<int> ExecuteAsync(string text, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(text, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DbDataReader> QueryAsync(string text, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var command = Command(text, parameters);
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct);
    }

    /// <summary>Reads every row of a query that returns item rows (id, run id, ...), one list per statement sent.</summary>
    public async Task<List<T>> ReadAsync<T>(string text, Func<DbDataReader, T> row, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await using var reader = await QueryAsync(text, ct, parameters);
        do
        {
            while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        }
        while (await reader.NextResultAsync(ct));
        return rows;
    }

    public Guid GuidAt(DbDataReader reader, int ordinal) => Dialect.GuidAt(reader, ordinal);

    public static ExecutionStatus StatusAt(DbDataReader reader, int ordinal) => Enum.Parse<ExecutionStatus>(reader.GetString(ordinal), true);

    public async Task InsertHistoryAsync(IEnumerable<History> rows, DateTime now, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(500))
        {
            var text = new StringBuilder("""
                INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at, reason, worker) VALUES
                """);
            var parameters = new List<(string, object?)> { ("now", now) };
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = chunk[i];
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}(@id{i}, @now, @now, @item{i}, @run{i}, @from{i}, @to{i}, @attempt{i}, @now, @reason{i}, @worker{i})");
                parameters.AddRange([($"id{i}", Guid.CreateVersion7()), ($"item{i}", row.ItemExecutionId), ($"run{i}", row.RunId),
                    ($"from{i}", QueueMoves.Stored(row.From)), ($"to{i}", QueueMoves.Stored(row.To)), ($"attempt{i}", row.Attempt),
                    ($"reason{i}", Truncate(row.Reason)), ($"worker{i}", row.Worker)]);
            }
            await ExecuteAsync(text.ToString(), ct, [.. parameters]);
        }
    }

    /// <summary>The history's reason column holds 2000 characters.</summary>
    public static string? Truncate(string? text) => text is null || text.Length <= 2000 ? text : text[..2000];

    private DbCommand Command(string text, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = Dialect.Stored(value) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
