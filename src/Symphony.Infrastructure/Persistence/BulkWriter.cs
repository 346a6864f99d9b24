using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>
/// Inserts many rows at once, in the columns and value forms of the EF model: COPY in binary on PostgreSQL,
/// one prepared INSERT per row on SQLite, in one transaction with the context's other changes.
/// </summary>
internal static class BulkWriter
{
    public static async Task SaveAsync(SymphonyDbContext db, IReadOnlyList<IReadOnlyList<Entity>> inserts, Func<CancellationToken, Task>? alsoInTransaction, CancellationToken ct)
    {
        // A few rows go with the other changes in EF's one batch: fewer round trips than a transaction around a COPY.
        if (inserts.Sum(rows => rows.Count) <= 100 && alsoInTransaction is null)
        {
            foreach (var rows in inserts) db.AddRange(rows);
            await db.SaveChangesAsync(ct);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var now = db.Now;
        foreach (var rows in inserts.Where(r => r.Count > 0))
        {
            foreach (var row in rows) AuditStamping.Added(row, now, db.CallerId);
            var entity = db.Model.FindEntityType(rows[0].GetType()) ?? throw new InvalidOperationException($"{rows[0].GetType().Name} is not in the model.");
            var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(), Mapping: p.GetRelationalTypeMapping())).ToList();
            if (db.IsSqlite) await InsertOnSqliteAsync(db, entity.GetTableName()!, columns, rows, ct);
            else await CopyToPostgresAsync(db, entity.GetTableName()!, columns, rows, ct);
        }
        if (alsoInTransaction is not null) await alsoInTransaction(ct);
        await transaction.CommitAsync(ct);
    }

    private static object? ProviderValue(IProperty property, RelationalTypeMapping mapping, Entity row)
    {
        var value = property.PropertyInfo!.GetValue(row);
        var converter = property.GetValueConverter() ?? mapping.Converter;
        return value is null || converter is null ? value : converter.ConvertToProvider(value);
    }

    private static async Task CopyToPostgresAsync(
        SymphonyDbContext db, string table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyList<Entity> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var types = columns.Select(c => CopyType(c.Mapping.StoreType)).ToArray();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Column))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = ProviderValue(columns[i].Property, columns[i].Mapping, row);
                if (value is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(value, types[i], ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static NpgsqlDbType CopyType(string storeType) => storeType switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "jsonb" => NpgsqlDbType.Jsonb,
        "boolean" => NpgsqlDbType.Boolean,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "bytea" => NpgsqlDbType.Bytea,
        "text" => NpgsqlDbType.Text,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        _ when storeType.StartsWith("character varying", StringComparison.Ordinal) => NpgsqlDbType.Varchar,
        _ => throw new InvalidOperationException($"No COPY type for the column type '{storeType}'."),
    };

    /// <summary>One prepared INSERT, executed per row in the transaction: SQLite runs in process, so rows cost no round trip.</summary>
    private static async Task InsertOnSqliteAsync(
        SymphonyDbContext db, string table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyList<Entity> rows, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = SqliteValues.Stored(ProviderValue(columns[i].Property, columns[i].Mapping, row)) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
