using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Retention;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// The schema the hand-written migrations build and the EF model agree, table by table: columns with their
/// types and nullability, indexes with their columns and uniqueness (index names and partial-index filters are
/// the migrations' alone and are not compared), and foreign keys with their columns, principal table and delete
/// rule. A change to an entity without its migration (or the reverse) fails here, before it fails a user's upgrade.
/// </summary>
public abstract class SchemaMatchesModelTests(DatabaseProvider provider) : IAsyncLifetime
{
    /// <summary>Tables the migrations make that no entity maps, each written by raw SQL of its own.</summary>
    private static readonly string[] OutsideTheModel =
    [
        "__EFMigrationsHistory",
        "__EFMigrationsLock",
        "sign_in_failures", // SignInFailureStore: counters updated in one statement per attempt
    ];

    /// <summary>Quartz.NET's job store (the scheduler): its tables are Quartz's own schema, read and written by Quartz alone.</summary>
    private const string QuartzTables = "qrtz_";

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_table_of_the_migrations_is_in_the_model_and_the_reverse()
    {
        await using var db = _database.NewContext();
        var schema = await ReadSchemaAsync(db);
        var model = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(model, schema.Keys.Except(OutsideTheModel)
            .Where(t => !t.StartsWith(QuartzTables, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public Task Every_column_has_the_models_type_and_nullability() => AssertNoDifferenceAsync((entity, store, table) =>
    {
        var model = entity.GetProperties().ToDictionary(p => p.GetColumnName(store)!,
            p => (Type: Normalize(p.GetColumnType(store)), Nullable: p.IsColumnNullable(store)));
        var columns = table?.Columns ?? [];
        return model.Select(column => columns.TryGetValue(column.Key, out var actual)
                ? actual == column.Value ? null : $"{column.Key}: model {column.Value}, schema {actual}"
                : $"{column.Key}: in the model, not in the schema")
            .Concat(columns.Keys.Except(model.Keys).Select(name => $"{name}: in the schema, not in the model"));
    });

    [Fact]
    public Task Every_index_has_the_models_columns_and_uniqueness() => AssertNoDifferenceAsync((entity, store, table) =>
    {
        // On PostgreSQL a table partitioned by month has its partition column in its primary key, as PostgreSQL requires.
        var partitionColumn = provider == DatabaseProvider.PostgreSql
            ? PartitionedTables.All.FirstOrDefault(t => t.Name == store.Name)?.Column : null;
        var model = entity.GetIndexes()
            .Select(i => Describe(i.Properties.Select(p => p.GetColumnName(store)!), i.IsUnique))
            // An alternate key (what a foreign key over other columns than the primary key names) is a unique index.
            .Concat(entity.GetKeys().Where(k => !k.IsPrimaryKey()).Select(k => Describe(k.Properties.Select(p => p.GetColumnName(store)!), unique: true)))
            .Append(Describe(entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(store)!).Concat(partitionColumn is null ? [] : [partitionColumn]), unique: true))
            .ToList();
        var indexes = table?.Indexes ?? [];
        return model.Except(indexes).Select(i => $"model index {i} is not in the schema")
            .Concat(indexes.Except(model).Select(i => $"schema index {i} is not in the model"));
    });

    [Fact]
    public Task Every_foreign_key_has_the_models_columns_principal_and_delete_rule() => AssertNoDifferenceAsync((entity, store, table) =>
    {
        var model = entity.GetForeignKeys()
            .Select(k =>
            {
                var principal = StoreObjectIdentifier.Table(k.PrincipalEntityType.GetTableName()!);
                return Describe(k.Properties.Select(p => p.GetColumnName(store)!), principal.Name,
                    k.PrincipalKey.Properties.Select(p => p.GetColumnName(principal)!), OnDelete(k.DeleteBehavior));
            })
            .ToList();
        var keys = table?.ForeignKeys ?? [];
        return model.Except(keys).Select(k => $"model foreign key {k} is not in the schema")
            .Concat(keys.Except(model).Select(k => $"schema foreign key {k} is not in the model"));
    });

    private static string Describe(IEnumerable<string> columns, string principal, IEnumerable<string> principalColumns, string onDelete) =>
        $"({string.Join(", ", columns)}) -> {principal} ({string.Join(", ", principalColumns)}) on delete {onDelete}";

    /// <summary>What the database does on a principal's delete for each of EF's delete behaviours.</summary>
    private static string OnDelete(DeleteBehavior behavior) => behavior switch
    {
        DeleteBehavior.Cascade => "cascade",
        DeleteBehavior.Restrict => "restrict",
        DeleteBehavior.SetNull => "set null",
        _ => "no action",
    };

    /// <summary>Compares each entity with its migrated table; the differences, if any, fail the test by name.</summary>
    private async Task AssertNoDifferenceAsync(Func<IEntityType, StoreObjectIdentifier, Table?, IEnumerable<string?>> differencesOf)
    {
        await using var db = _database.NewContext();
        var schema = await ReadSchemaAsync(db);
        var differences = db.Model.GetEntityTypes()
            .SelectMany(entity =>
            {
                var table = entity.GetTableName()!;
                return differencesOf(entity, StoreObjectIdentifier.Table(table), schema.GetValueOrDefault(table)).OfType<string>().Select(d => $"{table}.{d}");
            })
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static string Describe(IEnumerable<string> columns, bool unique) => $"{(unique ? "unique " : "")}({string.Join(", ", columns)})";

    /// <summary>Type names as each provider reports them in its catalogue.</summary>
    private static string Normalize(string? type) => (type ?? "").ToLowerInvariant();

    private sealed record Table(Dictionary<string, (string Type, bool Nullable)> Columns, List<string> Indexes, List<string> ForeignKeys);

    private async Task<Dictionary<string, Table>> ReadSchemaAsync(SymphonyDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        Table Of(string name) => tables.TryGetValue(name, out var t) ? t : tables[name] = new Table([], [], []);
        if (provider == DatabaseProvider.Sqlite)
        {
            foreach (var name in await ReadAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0)))
            {
                var table = Of(name);
                foreach (var (column, type, notNull) in await ReadAsync(connection, $"SELECT name, type, \"notnull\" FROM pragma_table_info('{name}')",
                    r => (r.GetString(0), r.GetString(1), r.GetInt64(2) == 1)))
                    table.Columns[column] = (Normalize(type), !notNull);
                foreach (var (index, unique) in await ReadAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{name}')", r => (r.GetString(0), r.GetInt64(1) == 1)))
                {
                    var columns = await ReadAsync(connection, $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno", r => r.GetString(0));
                    table.Indexes.Add(Describe(columns, unique));
                }
                // A primary key on one INTEGER column is the rowid and has no index of its own; ours are all UUIDs.
                foreach (var key in (await ReadAsync(connection, $"SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{name}') ORDER BY id, seq",
                    r => (Id: r.GetInt64(0), Column: r.GetString(1), Principal: r.GetString(2), To: r.GetString(3), OnDelete: r.GetString(4).ToLowerInvariant()))).GroupBy(k => k.Id))
                    table.ForeignKeys.Add(Describe(key.Select(k => k.Column), key.First().Principal, key.Select(k => k.To), key.First().OnDelete));
            }
        }
        else
        {
            foreach (var (name, column, type, length, nullable) in await ReadAsync(connection, """
                SELECT table_name, column_name, data_type, character_maximum_length, is_nullable = 'YES'
                FROM information_schema.columns WHERE table_schema = current_schema()
                  AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)
                """, r => (r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? (int?)null : r.GetInt32(3), r.GetBoolean(4))))
                Of(name).Columns[column] = (Normalize(length is { } n ? $"{type}({n})" : type), nullable);
            foreach (var (name, unique, columns) in await ReadAsync(connection, """
                SELECT t.relname, ix.indisunique, array_agg(a.attname::text ORDER BY k.n)
                FROM pg_index ix
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace ns ON ns.oid = t.relnamespace AND ns.nspname = current_schema() AND NOT t.relispartition
                CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                GROUP BY ix.indexrelid, t.relname, ix.indisunique
                """, r => (r.GetString(0), r.GetBoolean(1), (string[])r.GetValue(2))))
                Of(name).Indexes.Add(Describe(columns, unique));
            // Partitions inherit their table's keys (conparentid names the table's own); only the tables' are compared.
            foreach (var (name, principal, columns, principalColumns, onDelete) in await ReadAsync(connection, """
                SELECT t.relname, p.relname, array_agg(a.attname::text ORDER BY k.n), array_agg(pa.attname::text ORDER BY k.n), c.confdeltype::text
                FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                JOIN pg_class p ON p.oid = c.confrelid
                JOIN pg_namespace ns ON ns.oid = t.relnamespace AND ns.nspname = current_schema()
                CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, pattnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                JOIN pg_attribute pa ON pa.attrelid = p.oid AND pa.attnum = k.pattnum
                WHERE c.contype = 'f' AND c.conparentid = 0 AND NOT t.relispartition
                GROUP BY c.oid, t.relname, p.relname, c.confdeltype
                """, r => (r.GetString(0), r.GetString(1), (string[])r.GetValue(2), (string[])r.GetValue(3), r.GetString(4))))
                Of(name).ForeignKeys.Add(Describe(columns, principal, principalColumns, onDelete switch
                {
                    "c" => "cascade",
                    "r" => "restrict",
                    "n" => "set null",
                    "d" => "set default",
                    _ => "no action",
                }));
        }
        return tables;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }
}

public sealed class SqliteSchemaMatchesModelTests() : SchemaMatchesModelTests(DatabaseProvider.Sqlite);

public sealed class PostgresSchemaMatchesModelTests() : SchemaMatchesModelTests(DatabaseProvider.PostgreSql);
