using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Server.Pages.Identity;

/// <summary>
/// The signed-in person's personal access tokens: the list with each one's last use, a form that makes one (shown once,
/// with a copy button, and never again), and revoke. The use cases are the API's (<c>/api/v1/auth/tokens</c>), so
/// every rule and refusal is theirs.
/// </summary>
public sealed class TokensModel(
    ListApiTokensHandler list, CreateApiTokenHandler create, RevokeApiTokenHandler revoke, ConsoleContext console, ConsoleMessages messages)
    : PageModel
{
    private const string RevokedKey = "token-revoked";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int Days { get; set; } = 30;
    [BindProperty] public TokenRole Role { get; set; } = TokenRole.Viewer;
    [BindProperty] public List<string> Workspaces { get; set; } = [];

    public PagedResult<ApiTokenDto> Tokens { get; private set; } = null!;
    public IReadOnlyList<WorkspaceDto> MyWorkspaces { get; private set; } = [];
    public bool IsAdmin => console.IsAdmin;
    /// <summary>The token just made: shown on this answer only.</summary>
    public NewApiTokenDto? Created { get; private set; }
    /// <summary>The name of the token a revoke just took away, carried over its redirect.</summary>
    public string? Revoked { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Revoked = TempData[RevokedKey] as string;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Answers with the page (not a redirect): the token is shown once, on this answer.</summary>
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            Created = await create.HandleAsync(new CreateApiTokenCommand(Name ?? "", Days, Role, Workspaces.Count == 0 ? null : Workspaces), ct);
            (Name, Days, Role, Workspaces) = (null, 30, TokenRole.Viewer, []);
        }
        catch (DomainException e)
        {
            Error = messages.Describe(e);
            Response.StatusCode = e.Code.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, string? name, CancellationToken ct)
    {
        try
        {
            await revoke.HandleAsync(id, ct);
            TempData[RevokedKey] = name ?? "";
            return Redirect(Request.PathBase + Request.Path);
        }
        catch (DomainException e)
        {
            Error = messages.Describe(e);
            Response.StatusCode = e.Code.Status;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await list.HandleAsync(ListRequest.Of(("limit", "100")), ct);
        MyWorkspaces = await console.WorkspacesAsync(ct);
    }
}
