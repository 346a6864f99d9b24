using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Identity;
using Symphony.Server.Auth;

namespace Symphony.Server.Api;

public sealed record CsrfTokenResponse(string CsrfToken, string HeaderName);

public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, DateTime ExpiresAt, string? RefreshToken,
    DateTime RefreshExpiresAt, string? CsrfToken, UserDto User);

/// <summary>
/// Identity: sign-in, token refresh, sign-out and the caller's own profile; user administration (admins only,
/// the handlers check).
/// </summary>
public static class IdentityApi
{
    public static RouteGroupBuilder MapIdentityApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapGet("/csrf-token", CsrfToken).AllowAnonymous();
        group.MapPost("/login", Login).AllowAnonymous().WithMetadata(new RequireCsrfAttribute());
        group.MapPost("/refresh", Refresh).AllowAnonymous();
        group.MapPost("/logout", Logout).RequireAuthorization();
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapPatch("/me", UpdateMe).RequireAuthorization();
        group.MapPost("/change-password", ChangePassword).RequireAuthorization();

        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);
        users.MapGet("/{id:guid}", GetUser);
        users.MapPatch("/{id:guid}", UpdateUser);
        users.MapDelete("/{id:guid}", DeleteUser);
        users.MapPost("/{id:guid}/actions/reset-password", ResetPassword);
        users.MapPost("/{id:guid}/actions/unlock", Unlock);
        return api;
    }

    private static CsrfTokenResponse CsrfToken(HttpContext http, IAntiforgery antiforgery) =>
        new(antiforgery.GetAndStoreTokens(http).RequestToken!, AuthSetup.CsrfHeaderName);

    /// <summary>Answers the access and refresh tokens and also sets the session cookie, with a CSRF token for it.</summary>
    private static async Task<TokenResponse> Login(LoginCommand command, HttpContext http, LoginHandler handler, IAntiforgery antiforgery, CancellationToken ct)
    {
        var result = await handler.HandleAsync(command, AuthSessionKind.Api, ct);
        var csrf = await SignInCookieAsync(http, antiforgery, result);
        return Tokens(result, csrf);
    }

    private static async Task<TokenResponse> Refresh(RefreshCommand command, RefreshHandler handler, CancellationToken ct) =>
        Tokens(await handler.HandleAsync(command, ct), null);

    private static async Task<IResult> Logout(HttpContext http, LogoutHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Task<MeDto> Me(GetMeHandler handler, CancellationToken ct) => handler.HandleAsync(ct);

    private static async Task<IResult> UpdateMe(UpdateProfileCommand command, HttpContext http, UpdateProfileHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, user, user.Version);
    }

    private static async Task<IResult> ChangePassword(ChangePasswordCommand command, ChangePasswordHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(command, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Signs the cookie in for the new session and returns a CSRF token bound to it.</summary>
    public static async Task<string?> SignInCookieAsync(HttpContext http, IAntiforgery antiforgery, LoginResult result)
    {
        var principal = SymphonyClaims.Principal(
            new SessionPrincipal(result.User.Id, result.User.Username, result.User.Role, result.SessionId),
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties
        {
            ExpiresUtc = result.SessionExpiresAt,
            IsPersistent = false,
        });
        http.User = principal;
        return antiforgery.GetAndStoreTokens(http).RequestToken;
    }

    private static TokenResponse Tokens(LoginResult result, string? csrf) => new(
        result.AccessToken, "Bearer", (int)Math.Round((result.AccessTokenExpiresAt - DateTime.UtcNow).TotalSeconds),
        result.AccessTokenExpiresAt, result.RefreshToken, result.SessionExpiresAt, csrf, UserDto.From(result.User));


    private static Task<PagedResult<UserDto>> ListUsers(HttpRequest request, ListUsersHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> CreateUser(CreateUserCommand command, CreateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", user);
    }

    private static async Task<IResult> GetUser(Guid id, HttpContext http, GetUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, ct);
        return ApiConventions.WithETag(http, user, user.Version);
    }

    private static async Task<IResult> UpdateUser(Guid id, UpdateUserCommand command, HttpContext http, UpdateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, user, user.Version);
    }

    private static async Task<IResult> DeleteUser(Guid id, DeleteUserHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ResetPassword(Guid id, ResetUserPasswordCommand command, ResetUserPasswordHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, command, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lifts the user's sign-in delays at once.</summary>
    private static async Task<IResult> Unlock(Guid id, UnlockUserHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }
}
