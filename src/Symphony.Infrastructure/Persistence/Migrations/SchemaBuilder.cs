using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Terse, provider-neutral table definitions for hand-written migrations. Column types come from
/// each provider's mapping of the CLR type, so one definition yields the SQLite and the PostgreSQL schema.
/// </summary>
internal sealed class SchemaBuilder(MigrationBuilder migration)
{
    public TableBuilder Table(string name, TableKind kind) => new(migration, name, kind);


    /// <summary>A unique index over active rows only, so a soft-deleted name can be used again.</summary>
    public void UniqueAmongActive(string table, params string[] columns) =>
        migration.CreateIndex($"ux_{table}_{string.Join("_", columns)}_active", table, columns, unique: true, filter: "is_active");

    public void Unique(string table, params string[] columns) =>
        migration.CreateIndex($"ux_{table}_{string.Join("_", columns)}", table, columns, unique: true);

    public void Index(string table, params string[] columns) =>
        migration.CreateIndex($"ix_{table}_{string.Join("_", columns)}", table, columns);
}

internal enum TableKind
{
    /// <summary>Audit fields only (history, links, log rows).</summary>
    Entity,
    /// <summary>Audit fields plus version and soft delete.</summary>
    Versioned,
    /// <summary>No id or audit fields: the primary key is the columns given to <see cref="TableBuilder.Key"/>.</summary>
    Keyed,
}

internal sealed class TableBuilder
{
    private readonly MigrationBuilder _migration;
    private readonly CreateTableOperation _table;

    public TableBuilder(MigrationBuilder migration, string name, TableKind kind)
    {
        _migration = migration;
        _table = new CreateTableOperation
        {
            Name = name,
            PrimaryKey = new AddPrimaryKeyOperation { Name = $"pk_{name}", Table = name, Columns = ["id"] },
        };
        if (kind == TableKind.Keyed) return;
        Column<Guid>("id");
        Column<DateTime>("created_at");
        Column<DateTime>("updated_at");
        Column<Guid?>("created_by");
        Column<Guid?>("updated_by");
        if (kind == TableKind.Versioned)
        {
            Column<int>("version", defaultValue: 1);
            Column<bool>("is_active", defaultValue: true);
            Column<DateTime?>("deleted_at");
        }
    }

    /// <summary>A non-text column; a nullable <typeparamref name="T"/> makes it NULL-able.</summary>
    public TableBuilder Column<T>(string name, object? defaultValue = null)
    {
        var type = typeof(T);
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null;
        _table.Columns.Add(new AddColumnOperation
        {
            Name = name,
            Table = _table.Name,
            ClrType = underlying ?? type,
            IsNullable = nullable,
            DefaultValue = defaultValue,
        });
        return this;
    }

    /// <summary>A text column; <paramref name="nullable"/> says whether it may be NULL.</summary>
    public TableBuilder Text(string name, int? maxLength, bool nullable = false)
    {
        _table.Columns.Add(new AddColumnOperation
        {
            Name = name,
            Table = _table.Name,
            ClrType = typeof(string),
            IsNullable = nullable,
            MaxLength = maxLength,
        });
        return this;
    }

    /// <summary>A JSON document column: jsonb on PostgreSQL, text on SQLite.</summary>
    public TableBuilder Json(string name, bool nullable = false)
    {
        _table.Columns.Add(new AddColumnOperation
        {
            Name = name,
            Table = _table.Name,
            ClrType = typeof(string),
            IsNullable = nullable,
            ColumnType = _migration.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "jsonb" : null,
        });
        return this;
    }

    public TableBuilder References(string column, string principalTable, bool cascade = true) =>
        References([column], principalTable, ["id"], cascade ? ReferentialAction.Cascade : ReferentialAction.Restrict);

    public TableBuilder References(string column, string principalTable, ReferentialAction onDelete) =>
        References([column], principalTable, ["id"], onDelete);

    /// <summary>A key over several columns, naming the principal's columns (a unique index of its, or its primary key).</summary>
    public TableBuilder References(string[] columns, string principalTable, string[] principalColumns, ReferentialAction onDelete)
    {
        _table.ForeignKeys.Add(new AddForeignKeyOperation
        {
            Name = $"fk_{_table.Name}_{string.Join("_", columns)}",
            Table = _table.Name,
            Columns = columns,
            PrincipalTable = principalTable,
            PrincipalColumns = principalColumns,
            OnDelete = onDelete,
        });
        return this;
    }

    public TableBuilder Key(params string[] columns)
    {
        _table.PrimaryKey!.Columns = columns;
        return this;
    }

    public void Create() => _migration.Operations.Add(_table);
}
