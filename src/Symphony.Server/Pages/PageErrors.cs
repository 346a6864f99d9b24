using Symphony.Domain.Common;

namespace Symphony.Server.Pages;

public static class PageErrors
{
    /// <summary>Domain errors become a message for the page; anything else is a fault and propagates.</summary>
    public static string Describe(DomainException e) =>
        e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.Message).Distinct()) : e.Message;
}
