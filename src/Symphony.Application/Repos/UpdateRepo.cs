using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

/// <summary>Null fields are left as they are. Setting one location clears the other.</summary>
public sealed record UpdateRepoCommand(string? Name = null, string? Description = null, string? LocalPath = null,
    string? RemoteUrl = null, string? DefaultBranch = null, DateTime? LastSyncedAt = null, int? Version = null);

public sealed class UpdateRepoValidator : AbstractValidator<UpdateRepoCommand>
{
    public UpdateRepoValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c).Must(c => c.LocalPath is null || c.RemoteUrl is null)
            .WithName("remote_url").WithMessage("Give at most one of local_path or remote_url.");
        RepoRules.Location(this, c => c.LocalPath, c => c.RemoteUrl);
        RuleFor(c => c.DefaultBranch).Branch();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateRepoHandler(IApplicationDbContext db, WorkspaceLookup lookup, UpdateRepoValidator validator)
{
    public async Task<RepoDto> HandleAsync(string workspace, Guid id, UpdateRepoCommand command, CancellationToken ct)
    {
        var repo = await lookup.FindAsync<Repo>(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(repo, command.Version!.Value);
        repo.Name = await db.Repos.Where(r => r.WorkspaceId == repo.WorkspaceId).RenameAsync(repo.Name, command.Name, "Repo", "workspace", ct);
        if (command.Description is not null) repo.Description = command.Description;
        if (command.LocalPath is not null) (repo.LocalPath, repo.RemoteUrl) = (command.LocalPath, null);
        if (command.RemoteUrl is not null) (repo.RemoteUrl, repo.LocalPath) = (command.RemoteUrl, null);
        if (command.DefaultBranch is not null) repo.DefaultBranch = command.DefaultBranch;
        if (command.LastSyncedAt is { } synced) repo.LastSyncedAt = synced.ToUniversalTime();
        await db.SaveChangesAsync(ct);
        return RepoDto.From(repo);
    }
}
