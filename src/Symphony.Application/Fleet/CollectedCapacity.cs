namespace Symphony.Application.Fleet;

/// <summary>A database of a server and its size; null when the collector may not measure it.</summary>
public sealed record DatabaseSize(string Name, long? SizeBytes);

/// <summary>What one capacity collection read from a server.</summary>
public sealed record CollectedCapacity(ServerFacts Server, IReadOnlyList<DatabaseSize> Databases);

/// <summary>A table of one database and its sizes in bytes.</summary>
public sealed record TableSize(string Schema, string Name, string Kind, long TotalBytes, long TableBytes, long IndexBytes, long ToastBytes, long? RowEstimate);

/// <summary>The largest tables of one database (at most the limit asked for) and how many it has in all.</summary>
public sealed record CollectedTables(IReadOnlyList<TableSize> Tables, int TotalTables);
