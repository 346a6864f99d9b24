namespace Symphony.Application.Fleet;

public sealed class DatabaseDrivers(IEnumerable<IDatabaseDriver> drivers)
{
    private readonly Dictionary<string, IDatabaseDriver> _byType = drivers.ToDictionary(d => d.DbType, StringComparer.Ordinal);

    public IDatabaseDriver? Find(string dbType) => _byType.GetValueOrDefault(dbType);
}
