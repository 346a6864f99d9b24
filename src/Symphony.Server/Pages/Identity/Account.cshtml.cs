using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Server.Hosting;

namespace Symphony.Server.Pages.Identity;

/// <summary>
/// My account, for every signed-in person: the profile (name, e-mail, the console's language), the password, and the
/// sessions (where and when signed in), each of which can be signed out, or all but this one.
/// </summary>
public sealed class AccountModel(
    GetMeHandler getMe, UpdateProfileHandler updateProfile, ChangePasswordHandler changePassword, ListMySessionsHandler listSessions,
    RevokeMySessionHandler revoke, ConsoleMessages messages, TimeProvider clock) : PageModel
{
    private const string NoticeKey = "account-notice";

    public MeDto Me { get; private set; } = null!;
    public IReadOnlyList<SessionDto> Sessions { get; private set; } = [];
    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The form the refusal came from ("profile" or "password"), whose fields say it.</summary>
    public string? RefusedForm { get; private set; }
    public IReadOnlyList<FieldError> FieldErrors { get; private set; } = [];
    /// <summary>The profile as sent when it was refused: nothing typed is lost.</summary>
    public (string? DisplayName, string? Email, string? Language)? TypedProfile { get; private set; }

    public string? ErrorOf(string form, string field) => RefusedForm != form ? null
        : FieldErrors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;

    /// <summary>The language the profile names, if any: the console's language in any browser the person signs in from.</summary>
    public string? Language => ConsoleLanguages.PreferredIn(Me.Preferences);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Notice = TempData[NoticeKey] as string;
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostProfileAsync(string? displayName, string? email, string? language, int version, CancellationToken ct) =>
        ActAsync("profile", async () =>
        {
            var me = await getMe.HandleAsync(ct);
            var preferences = JsonNode.Parse(me.Preferences) as JsonObject ?? [];
            if (string.IsNullOrEmpty(language)) preferences.Remove(ConsoleLanguages.PreferenceKey);
            else if (ConsoleLanguages.CookieValue(language) is null) throw DomainException.Validation("language", "Choose one of the console's languages.");
            else preferences[ConsoleLanguages.PreferenceKey] = language;
            await updateProfile.HandleAsync(new UpdateProfileCommand(displayName?.Trim() ?? "", email?.Trim() ?? "", preferences.ToJsonString(), version), ct);
            // From now on in the language chosen, this answer's notice too; none chosen: the browser's again.
            if (ConsoleLanguages.Remember(HttpContext, language, clock)) CultureInfo.CurrentUICulture = new CultureInfo(language!);
            else Response.Cookies.Delete(ConsoleLanguages.Cookie);
            return this.Say("Profile saved.");
        }, () => TypedProfile = (displayName, email, language), ct);

    public Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken ct) =>
        ActAsync("password", async () =>
        {
            if (newPassword != confirmPassword)
                throw DomainException.Validation("confirm_password", this.Say("The two new passwords differ."));
            await changePassword.HandleAsync(new ChangePasswordCommand(currentPassword ?? "", newPassword ?? ""), ct);
            return this.Say("Password changed; your other sessions are signed out.");
        }, null, ct);

    /// <summary>Signs out one session; this one's own sign-out leads to the sign-in page.</summary>
    public async Task<IActionResult> OnPostSignOutAsync(Guid id, CancellationToken ct)
    {
        var me = await getMe.HandleAsync(ct);
        var page = await ActAsync("sessions", async () =>
        {
            await revoke.HandleAsync(id, ct);
            return this.Say("The session is signed out: it works no more, wherever it was.");
        }, null, ct);
        if (id != me.SessionId || Error is not null) return page;
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme); // this browser's cookie too, as Sign out does
        return LocalRedirect("/login");
    }

    public Task<IActionResult> OnPostSignOutOthersAsync(CancellationToken ct) =>
        ActAsync("sessions", async () =>
        {
            var ended = 0;
            foreach (var session in (await listSessions.HandleAsync(ct)).Where(s => !s.Current))
            {
                try
                {
                    await revoke.HandleAsync(session.Id, ct);
                    ended++;
                }
                catch (DomainException e) when (e.Code == MessageCodes.ResourceNotFound)
                {
                    // Ended meanwhile (expired, or signed out there): nothing left to do for it.
                }
            }
            return this.Say("{0} other session(s) signed out.", ended);
        }, null, ct);

    /// <summary>Runs a form's action: done, a redirect to this page with its notice; refused, the page with the refusal on its form.</summary>
    private async Task<IActionResult> ActAsync(string form, Func<Task<string>> action, Action? keepTyped, CancellationToken ct)
    {
        try
        {
            TempData[NoticeKey] = await action();
            return LocalRedirect("/account");
        }
        catch (DomainException e)
        {
            (Error, RefusedForm, FieldErrors) = (messages.Describe(e), form, e.Errors);
            Response.StatusCode = e.Code.Status;
            keepTyped?.Invoke();
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await getMe.HandleAsync(ct);
        Sessions = await listSessions.HandleAsync(ct);
    }
}
