using Symphony.Testing;

namespace Symphony.Server.Tests;

// A server takes about a second to start: the classes of one area share one per provider, and run one after
// another on it. Each class makes its own workspaces and names, so none disturbs another; a class that needs
// other settings keeps a server of its own (IClassFixture). Areas run side by side.

[CollectionDefinition(Name)]
public sealed class SqliteIdentityServer : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite server: identity";
}

[CollectionDefinition(Name)]
public sealed class PostgresIdentityServer : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL server: identity";
}

[CollectionDefinition(Name)]
public sealed class SqliteFleetServer : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite server: fleet";
}

[CollectionDefinition(Name)]
public sealed class PostgresFleetServer : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL server: fleet";
}

[CollectionDefinition(Name)]
public sealed class SqliteLedgerServer : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite server: ledger";
}

[CollectionDefinition(Name)]
public sealed class PostgresLedgerServer : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL server: ledger";
}

[CollectionDefinition(Name)]
public sealed class SqliteEngineServer : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite server: engine";
}

[CollectionDefinition(Name)]
public sealed class PostgresEngineServer : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL server: engine";
}

[CollectionDefinition(Name)]
public sealed class SqliteContractServer : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite server: contract";
}

[CollectionDefinition(Name)]
public sealed class PostgresContractServer : ICollectionFixture<PostgresApp>
{
    public const string Name = "PostgreSQL server: contract";
}
