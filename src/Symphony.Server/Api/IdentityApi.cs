using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
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
        group.MapGet("/csrf-token", CsrfToken).AllowAnonymous()
            .Describe("getCsrfToken", "Get a CSRF token",
                "A token for the X-CSRF-Token header, bound to the caller's antiforgery cookie. Sign-in needs one; requests with a bearer token do not.");
        group.MapPost("/login", Login).AllowAnonymous().WithMetadata(new RequireCsrfAttribute())
            .AlsoAnswers(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
            .Describe("login", "Sign in",
                "Checks a username and password and answers an access token, a refresh token and a session cookie with its CSRF token. Repeated failures delay further attempts for that user and address (429 RATE_LIMIT_EXCEEDED).")
            .Example("""{"username": "admin", "password": "correct horse battery staple"}""");
        group.MapPost("/refresh", Refresh).AllowAnonymous().AlsoAnswers(StatusCodes.Status401Unauthorized)
            .Describe("refreshToken", "Refresh an access token",
                "Trades a refresh token for a new access token and a new refresh token. A refresh token works once: reusing it revokes the whole session (401 TOKEN_REUSED).");
        group.MapPost("/logout", Logout).RequireAuthorization()
            .Describe("logout", "Sign out",
                "Revokes the caller's session on every node at once and clears the session cookie.");
        group.MapGet("/me", Me).RequireAuthorization()
            .Describe("getMe", "Get the caller's profile",
                "The signed-in user, their preferences and the workspaces they belong to with their role in each.");
        group.MapPatch("/me", UpdateMe).RequireAuthorization()
            .Describe("updateMe", "Update the caller's profile",
                "Changes the caller's display name, email or preferences. Send the version read (body or If-Match); a stale one answers 409 CONCURRENT_MODIFICATION.");
        group.MapPost("/change-password", ChangePassword).RequireAuthorization().AlsoAnswers(StatusCodes.Status429TooManyRequests)
            .Describe("changePassword", "Change the caller's password",
                "Needs the current password. Every other session of the caller is revoked.");

        group.MapGet("/sessions", (ListMySessionsHandler handler, CancellationToken ct) => handler.HandleAsync(ct)).RequireAuthorization()
            .Describe("listMySessions", "List your sessions",
                "The caller's live sign-ins (console and API logins), newest first: when, from which address and browser, until when, and which one is asking (current). Personal access tokens are listed apart.");
        group.MapDelete("/sessions/{id:guid}", RevokeSession).RequireAuthorization()
            .Describe("revokeMySession", "Sign out one of your sessions",
                "Ends one of the caller's sessions on every node at once (the current one too: that is a sign-out). Another person's session is 404.");

        var tokens = api.MapGroup("/auth/tokens").WithTags("Tokens").RequireAuthorization();
        tokens.MapGet("/", ListTokens)
            .Describe("listApiTokens", "List your personal access tokens",
                "The caller's tokens, live and revoked, newest first, with their hint (the first characters), scope, expiry and last use; never the tokens themselves.");
        tokens.MapPost("/", CreateToken)
            .Describe("createApiToken", "Create a personal access token",
                "A token for scripts and pipelines, sent as `Authorization: Bearer sym_...` with no CSRF step. Its role (viewer by default) may not be above yours, "
                + "and it may be limited to named workspaces. The answer is the only place the token appears: Symphony keeps only its hash. A token cannot create tokens.")
            .Example("""{"name": "nightly-sync", "expires_in_days": 90, "role": "operator", "workspaces": ["default"]}""");
        tokens.MapGet("/{id:guid}", GetToken)
            .Describe("getApiToken", "Get a personal access token", "One of the caller's tokens, without the token itself.");
        tokens.MapDelete("/{id:guid}", RevokeToken)
            .Describe("revokeApiToken", "Revoke a personal access token",
                "Every node refuses the token from its next request on (401 TOKEN_REVOKED). Revoking a revoked token changes nothing. A token cannot revoke tokens.");

        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/", ListUsers)
            .Describe("listUsers", "List users",
                "Admins only. Pages of users with their platform role and state.");
        users.MapPost("/", CreateUser)
            .Describe("createUser", "Create a user",
                "Admins only. The password must meet the password policy; usernames are unique.");
        users.MapGet("/{id:guid}", GetUser)
            .Describe("getUser", "Get a user",
                "Admins only. The user with its version as ETag.");
        users.MapPatch("/{id:guid}", UpdateUser)
            .Describe("updateUser", "Update a user",
                "Admins only. Changes the name, email, role or state; disabling a user revokes their sessions on every node, and a role change applies at their next request. The last active admin cannot be demoted (409 LAST_ADMIN_REQUIRED).");
        users.MapDelete("/{id:guid}", DeleteUser)
            .Describe("deleteUser", "Delete a user",
                "Admins only. Revokes the user's sessions; the last active admin cannot be deleted.");
        users.MapPost("/{id:guid}/actions/reset-password", ResetPassword)
            .Describe("resetUserPassword", "Reset a user's password",
                "Admins only. Sets a new password and revokes the user's sessions.");
        users.MapPost("/{id:guid}/actions/unlock", Unlock)
            .Describe("unlockUser", "Lift a user's sign-in delays",
                "Admins only. Clears the delays that failed sign-ins put on the user.");
        return api;
    }

    private static CsrfTokenResponse CsrfToken(HttpContext http, IAntiforgery antiforgery) =>
        new(antiforgery.GetAndStoreTokens(http).RequestToken!, AuthSetup.CsrfHeaderName);

    /// <summary>Answers the access and refresh tokens and also sets the session cookie, with a CSRF token for it.</summary>
    private static async Task<TokenResponse> Login(LoginCommand command, HttpContext http, LoginHandler handler, IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        var result = await handler.HandleAsync(command, AuthSessionKind.Api, ct);
        var csrf = await SignInCookieAsync(http, antiforgery, result);
        return Tokens(result, csrf, clock);
    }

    private static async Task<TokenResponse> Refresh(RefreshCommand command, RefreshHandler handler, TimeProvider clock, CancellationToken ct) =>
        Tokens(await handler.HandleAsync(command, ct), null, clock);

    private static async Task<NoContent> Logout(HttpContext http, LogoutHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Task<MeDto> Me(GetMeHandler handler, CancellationToken ct) => handler.HandleAsync(ct);

    private static async Task<VersionedOk<UserDto>> UpdateMe(UpdateProfileCommand command, HttpContext http, UpdateProfileHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(user, user.Version);
    }

    private static async Task<NoContent> ChangePassword(ChangePasswordCommand command, ChangePasswordHandler handler, CancellationToken ct)
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

    private static TokenResponse Tokens(LoginResult result, string? csrf, TimeProvider clock) => new(
        result.AccessToken, "Bearer", (int)Math.Round((result.AccessTokenExpiresAt - clock.GetUtcNow().UtcDateTime).TotalSeconds),
        result.AccessTokenExpiresAt, result.RefreshToken, result.SessionExpiresAt, csrf, UserDto.From(result.User));


    private static Task<PagedResult<ApiTokenDto>> ListTokens(HttpRequest request, ListApiTokensHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<NewApiTokenDto>> CreateToken(CreateApiTokenCommand command, CreateApiTokenHandler handler, CancellationToken ct)
    {
        var token = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/auth/tokens/{token.Id}", token);
    }

    private static Task<ApiTokenDto> GetToken(Guid id, GetApiTokenHandler handler, CancellationToken ct) => handler.HandleAsync(id, ct);

    private static async Task<NoContent> RevokeToken(Guid id, RevokeApiTokenHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<UserDto>> ListUsers(HttpRequest request, ListUsersHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<UserDto>> CreateUser(CreateUserCommand command, CreateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", user);
    }

    private static async Task<VersionedOk<UserDto>> GetUser(Guid id, GetUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, ct);
        return ApiConventions.WithETag(user, user.Version);
    }

    private static async Task<VersionedOk<UserDto>> UpdateUser(Guid id, UpdateUserCommand command, HttpContext http, UpdateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(user, user.Version);
    }

    private static async Task<NoContent> DeleteUser(Guid id, DeleteUserHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ResetPassword(Guid id, ResetUserPasswordCommand command, ResetUserPasswordHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, command, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Lifts the user's sign-in delays at once.</summary>
    private static async Task<NoContent> Unlock(Guid id, UnlockUserHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeSession(Guid id, RevokeMySessionHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(id, ct);
        return TypedResults.NoContent();
    }
}
