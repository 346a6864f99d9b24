using System.Globalization;
using Symphony.Domain.Common;

namespace Symphony.Application.Common;

/// <summary>
/// An export of a list: the list's own filters and sort, read page after page, up to a number of rows (a narrower
/// filter gets the rest). It has no pages of its own, so <c>page</c> and <c>limit</c> are refused.
/// </summary>
public static class ListExport
{
    public static async Task<List<T>> RowsAsync<T>(ListRequest request, int maxRows, Func<ListRequest, Task<PagedResult<T>>> page)
    {
        if (request.Parameters.ContainsKey("page") || request.Parameters.ContainsKey("limit"))
            throw DomainException.Validation("page", $"An export has no pages: leave page and limit out (it holds the first {maxRows} rows the filters match, in the list's order).");
        var rows = new List<T>();
        for (var number = 1; rows.Count < maxRows; number++)
        {
            var result = await page(request with
            {
                Parameters = new Dictionary<string, string>(request.Parameters)
                {
                    ["page"] = number.ToString(CultureInfo.InvariantCulture),
                    ["limit"] = ListDefinition<object>.MaxLimit.ToString(CultureInfo.InvariantCulture),
                },
            });
            rows.AddRange(result.Items.Take(maxRows - rows.Count));
            if (number >= result.Pages) break;
        }
        return rows;
    }
}
