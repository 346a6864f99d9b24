using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

/// <summary>A repo is either a local folder or a remote Git URL, never both.</summary>
public sealed record CreateRepoCommand(string Name, string? Description = null, string? LocalPath = null, string? RemoteUrl = null, string? DefaultBranch = null);

public sealed class CreateRepoValidator : AbstractValidator<CreateRepoCommand>
{
    public CreateRepoValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c).Must(c => c.LocalPath is null ^ c.RemoteUrl is null)
            .WithName("remote_url").WithMessage("Give exactly one of local_path or remote_url.");
        RepoRules.Location(this, c => c.LocalPath, c => c.RemoteUrl);
        RuleFor(c => c.DefaultBranch).Branch();
    }
}

public sealed class CreateRepoHandler(IApplicationDbContext db, WorkspaceAccess access, CreateRepoValidator validator)
{
    public async Task<RepoDto> HandleAsync(string workspace, CreateRepoCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        await db.Repos.Where(r => r.WorkspaceId == scope.Id).EnsureRoomForAsync(command.Name, Repo.MaxPerWorkspace, "Repo", "repos", "workspace", ct);

        var repo = new Repo
        {
            WorkspaceId = scope.Id,
            Name = command.Name,
            Description = command.Description,
            LocalPath = command.LocalPath,
            RemoteUrl = command.RemoteUrl,
            DefaultBranch = command.DefaultBranch,
        };
        db.Repos.Add(repo);
        await db.SaveChangesAsync(ct);
        return RepoDto.From(repo);
    }
}
