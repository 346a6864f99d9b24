using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Server.Pages;

public static class PageErrors
{
    /// <summary>Domain errors become a message for the page; anything else is a fault and propagates.</summary>
    public static string Describe(DomainException e) =>
        e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.Message).Distinct()) : e.Message;
}
