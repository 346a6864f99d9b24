using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Symphony.Server.Pages;

/// <summary>
/// What the console shows for an address that leads nowhere: an unknown page, or a workspace or a resource of one
/// that the caller cannot see (a 404 either way, so a workspace's existence does not leak), with the navigation.
/// </summary>
public sealed class NotFoundModel : PageModel
{
    public const string Path = "/not-found";

    public void OnGet() => Response.StatusCode = StatusCodes.Status404NotFound;
}
