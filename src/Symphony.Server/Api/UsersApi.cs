using Symphony.Application.Audit;
using Symphony.Application.Common;
using Symphony.Application.Users;

namespace Symphony.Server.Api;

/// <summary>User administration and the audit log (admins only; the handlers check).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/", List);
        users.MapPost("/", Create);
        users.MapGet("/{id:guid}", Get);
        users.MapPatch("/{id:guid}", Update);
        users.MapDelete("/{id:guid}", Delete);
        users.MapPost("/{id:guid}/actions/reset-password", ResetPassword);
        users.MapPost("/{id:guid}/actions/unlock", Unlock);

        api.MapGet("/audit-events", ListAuditEvents).WithTags("Audit").RequireAuthorization();
        return api;
    }

    private static Task<PagedResult<UserDto>> List(HttpRequest request, ListUsersHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(CreateUserCommand command, CreateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", user);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, GetUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, ct);
        return ApiConventions.WithETag(http, user, user.Version);
    }

    private static async Task<IResult> Update(Guid id, UpdateUserCommand command, HttpContext http, UpdateUserHandler handler, CancellationToken ct)
    {
        var user = await handler.HandleAsync(id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, user, user.Version);
    }

    private static async Task<IResult> Delete(Guid id, DeleteUserHandler handler, CancellationToken ct)
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

    private static Task<PagedResult<AuditEventDto>> ListAuditEvents(HttpRequest request, ListAuditEventsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);
}
