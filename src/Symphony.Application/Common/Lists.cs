using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Common;

namespace Symphony.Application.Common;

/// <summary>
/// A list request as it arrives: every query parameter by name. <see cref="ListDefinition{T}"/>
/// decides which names are known, so an unknown filter or sort is a 400, never silently ignored.
/// </summary>
public sealed record ListRequest(IReadOnlyDictionary<string, string> Parameters)
{
    public static ListRequest Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>Every value of a parameter given more than once; only a filter that takes several values accepts that.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Repeated { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public static ListRequest Of(params (string Name, string Value)[] parameters) =>
        new(parameters.ToDictionary(p => p.Name, p => p.Value));

    /// <summary>This request with a filter that the path gives (an account's history): the query may not give it too.</summary>
    public ListRequest WithPathFilter(string name, string value)
    {
        if (Parameters.ContainsKey(name))
            throw DomainException.Validation(name, $"{name} is given by the path; leave it out of the query.");
        return this with { Parameters = new Dictionary<string, string>(Parameters) { [name] = value } };
    }
}

/// <summary>The answer of every list endpoint.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int Pages, int Limit);

public enum SortOrder { Asc, Desc }

/// <summary>What a list accepts, as its API document describes it.</summary>
public interface IListShape
{
    IEnumerable<string> FilterNames { get; }
    IEnumerable<string> SortNames { get; }
    string DefaultSort { get; }
    bool AllowsIncludeDeleted { get; }
    /// <summary>Whether the filter takes several values (repeated, or separated by commas).</summary>
    bool IsAnyOf(string filter);
}

/// <summary>The filters and sorts one list accepts, and how they become a query.</summary>
public sealed class ListDefinition<T> : IListShape where T : class
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;
    /// <summary>The last page a list serves; past it, narrow the list with filters (page times limit stays far from overflow).</summary>
    public const int MaxPage = 1_000_000;
    private static readonly string[] PagingNames = ["page", "limit", "sort", "order"];

    private readonly Dictionary<string, Func<string, IApplicationDbContext?, Specification<T>>> _filters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IReadOnlyList<string>, Specification<T>>> _anyOfFilters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IQueryable<T>, SortOrder, IOrderedQueryable<T>>> _sorts = new(StringComparer.Ordinal);
    private string _defaultSort = "";
    private bool _allowsIncludeDeleted;
    private SortOrder _defaultOrder = SortOrder.Asc;

    public IEnumerable<string> FilterNames => _filters.Keys.Concat(_anyOfFilters.Keys);
    public IEnumerable<string> SortNames => _sorts.Keys;
    public string DefaultSort => _defaultSort;
    public bool AllowsIncludeDeleted => _allowsIncludeDeleted;
    public bool IsAnyOf(string filter) => _anyOfFilters.ContainsKey(filter);
    private IEnumerable<string> KnownNames => FilterNames.Concat(_allowsIncludeDeleted ? ["include_deleted"] : []).Concat(PagingNames);

    /// <summary>A filter whose value is parsed by <paramref name="build"/>; a parse failure throws a field error.</summary>
    public ListDefinition<T> Filter(string name, Func<string, Specification<T>> build)
    {
        _filters[name] = (value, _) => build(value);
        return this;
    }

    /// <summary>
    /// A filter that looks into other tables (an instance's tags, an account's classifications): <paramref name="build"/>
    /// gets the store to ask, and the list's handler passes it to <see cref="ToPageAsync"/>.
    /// </summary>
    public ListDefinition<T> Filter(string name, Func<string, IApplicationDbContext, Specification<T>> build)
    {
        _filters[name] = (value, store) => build(value, store ?? throw new InvalidOperationException($"The filter {name} needs the store: pass it to ToPageAsync."));
        return this;
    }

    /// <summary>
    /// A filter that matches any of several values: the parameter repeated (<c>tag=a&amp;tag=b</c>) or one value with
    /// commas (<c>tag=a,b</c>), at most <paramref name="maxValues"/> in all.
    /// </summary>
    public ListDefinition<T> FilterAnyOf(string name, Func<IReadOnlyList<string>, Specification<T>> build, int maxValues = 50)
    {
        _anyOfFilters[name] = values => values.Count <= maxValues
            ? build(values)
            : throw new FormatException($"{name} takes at most {maxValues} values.");
        return this;
    }

    /// <summary>Accepts include_deleted=true to list soft-deleted rows too.</summary>
    public ListDefinition<T> AllowIncludeDeleted()
    {
        _allowsIncludeDeleted = true;
        return this;
    }

    public ListDefinition<T> Sort<TKey>(string name, Expression<Func<T, TKey>> key, bool isDefault = false, SortOrder defaultOrder = SortOrder.Asc)
    {
        _sorts[name] = (query, order) => order == SortOrder.Asc ? query.OrderBy(key) : query.OrderByDescending(key);
        if (isDefault)
        {
            _defaultSort = name;
            _defaultOrder = defaultOrder;
        }
        return this;
    }

    /// <summary>
    /// Applies filters, sort and paging, and counts the total in the same query (a scalar subquery beside each row of
    /// the page: one round trip); only a page past the end needs a count of its own. <paramref name="store"/> is for
    /// the filters that look into other tables.
    /// </summary>
    public async Task<PagedResult<TOut>> ToPageAsync<TOut>(
        IQueryable<T> source, ListRequest request, Expression<Func<T, TOut>> project, CancellationToken ct,
        Specification<T>? scope = null, IApplicationDbContext? store = null)
    {
        var parsed = Parse(request, store);
        var query = (parsed.IncludeDeleted ? source.IgnoreQueryFilters() : source)
            .Where(scope ?? Specification.All<T>()).Where(parsed.Criteria);
        var ordered = ThenById(_sorts[parsed.Sort](query, parsed.Order));
        var rows = await ordered.Skip((parsed.Page - 1) * parsed.Limit).Take(parsed.Limit).Select(WithTotal(query, project)).ToListAsync(ct);
        var total = rows.Count > 0 ? rows[0].Total : parsed.Page == 1 ? 0 : await query.CountAsync(ct);
        var items = rows.ConvertAll(row => row.Item);
        var pages = total == 0 ? 0 : (int)Math.Ceiling(total / (double)parsed.Limit);
        return new PagedResult<TOut>(items, total, parsed.Page, pages, parsed.Limit);
    }

    /// <summary>
    /// Rows that tie on the sort (a name on two instances, the time of one sync) keep one order by their id, so pages
    /// and exports read page after page neither repeat nor skip a row.
    /// </summary>
    private static IOrderedQueryable<T> ThenById(IOrderedQueryable<T> ordered)
    {
        if (typeof(T).GetProperty(nameof(Entity.Id)) is not { } id) return ordered;
        var row = Expression.Parameter(typeof(T), "row");
        var key = Expression.Lambda(Expression.Property(row, id), row);
        return (IOrderedQueryable<T>)ordered.Provider.CreateQuery<T>(
            Expression.Call(typeof(Queryable), nameof(Queryable.ThenBy), [typeof(T), id.PropertyType], ordered.Expression, Expression.Quote(key)));
    }

    /// <summary>A row of the page with the count of the whole query: <c>x => new Counted(query.Count(), project(x))</c>.</summary>
    private static Expression<Func<T, Counted<TOut>>> WithTotal<TOut>(IQueryable<T> query, Expression<Func<T, TOut>> project)
    {
        var count = Expression.Call(typeof(Queryable), nameof(Queryable.Count), [typeof(T)], query.Expression);
        var row = Expression.New(typeof(Counted<TOut>).GetConstructor([typeof(int), typeof(TOut)])!, count, project.Body);
        return Expression.Lambda<Func<T, Counted<TOut>>>(row, project.Parameters);
    }

    private sealed record Counted<TOut>(int Total, TOut Item);

    private (Specification<T> Criteria, string Sort, SortOrder Order, int Page, int Limit, bool IncludeDeleted) Parse(ListRequest request, IApplicationDbContext? store)
    {
        var errors = new List<FieldError>();
        var criteria = Specification.All<T>();
        int page = 1, limit = DefaultLimit;
        string sort = _defaultSort;
        var order = _defaultOrder;
        var orderGiven = false;
        var includeDeleted = false;

        foreach (var name in request.Repeated.Keys.Where(n => !_anyOfFilters.ContainsKey(n) && KnownNames.Contains(n)))
            errors.Add(Error(Truncate(name), $"Query parameter '{Truncate(name)}' is given more than once."));
        foreach (var (name, value) in request.Parameters)
        {
            if (_anyOfFilters.TryGetValue(name, out var anyOf))
            {
                var values = (request.Repeated.TryGetValue(name, out var repeated) ? repeated : [value])
                    .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
                try
                {
                    criteria = criteria.And(values.Count > 0 ? anyOf(values) : throw new FormatException($"{name} needs a value."));
                }
                catch (FormatException e)
                {
                    errors.Add(Error(name, e.Message));
                }
                continue;
            }
            switch (name)
            {
                case "page":
                    if (!int.TryParse(value, out page) || page < 1 || page > MaxPage)
                        errors.Add(Error(name, $"page must be an integer from 1 to {MaxPage:N0}."));
                    break;
                case "limit":
                    if (!int.TryParse(value, out limit) || limit < 1 || limit > MaxLimit)
                        errors.Add(Error(name, $"limit must be an integer from 1 to {MaxLimit}."));
                    break;
                case "sort":
                    if (_sorts.ContainsKey(value)) sort = value;
                    else errors.Add(Error(name, $"Unknown sort '{Truncate(value)}'. Known: {string.Join(", ", _sorts.Keys)}."));
                    break;
                case "order":
                    orderGiven = true;
                    if (value == "asc") order = SortOrder.Asc;
                    else if (value == "desc") order = SortOrder.Desc;
                    else errors.Add(Error(name, "order must be 'asc' or 'desc'."));
                    break;
                case "include_deleted" when _allowsIncludeDeleted:
                    try
                    {
                        includeDeleted = FilterValues.Bool(value);
                    }
                    catch (FormatException e)
                    {
                        errors.Add(Error(name, e.Message));
                    }
                    break;
                default:
                    if (!_filters.TryGetValue(name, out var build))
                    {
                        errors.Add(Error(Truncate(name), $"Unknown filter '{Truncate(name)}'. Known: {string.Join(", ", KnownNames)}."));
                        break;
                    }
                    try
                    {
                        criteria = criteria.And(build(value, store));
                    }
                    catch (FormatException e)
                    {
                        errors.Add(Error(name, e.Message));
                    }
                    break;
            }
        }

        if (errors.Count > 0)
            throw new DomainException(MessageCodes.ValidationError, errors[0].Message, errors);
        if (!orderGiven && sort != _defaultSort) order = SortOrder.Asc;
        return (criteria, sort, order, page, limit, includeDeleted);
    }

    private static FieldError Error(string field, string message) => new(field, message, MessageCodes.ValidationError.Code);
    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}

/// <summary>Parsers for filter values; each throws <see cref="FormatException"/> with a message for the caller.</summary>
public static class FilterValues
{
    public static bool Bool(string value) => value switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new FormatException($"'{Short(value)}' is not a boolean (true or false)."),
    };

    public static DateTime Time(string value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime
            : throw new FormatException($"'{Short(value)}' is not an ISO 8601 time.");

    public static Guid Id(string value) =>
        Guid.TryParse(value, out var id) ? id : throw new FormatException($"'{Short(value)}' is not a UUID.");

    public static TEnum Enum<TEnum>(string value) where TEnum : struct, Enum =>
        System.Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, value.Replace("_", ""), StringComparison.OrdinalIgnoreCase)) is { } name
            ? System.Enum.Parse<TEnum>(name)
            : throw new FormatException($"'{Short(value)}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");

    public static string Text(string value, int maxLength = 200) =>
        value.Length <= maxLength ? value : throw new FormatException($"The value must be at most {maxLength} characters.");

    private static string Short(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
