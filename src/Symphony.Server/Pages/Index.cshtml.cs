using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Identity;

namespace Symphony.Server.Pages;

public sealed class IndexModel(GetMeHandler me) : PageModel
{
    public MeDto Me { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Me = await me.HandleAsync(ct);
}
