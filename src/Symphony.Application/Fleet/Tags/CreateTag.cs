using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>A new tag; its display name is the code when not given.</summary>
public sealed record CreateTagCommand(string Code, string? DisplayName = null, string? Category = null, string? Colour = null);

public sealed class CreateTagValidator : AbstractValidator<CreateTagCommand>
{
    public CreateTagValidator()
    {
        RuleFor(c => c.Code).Code();
        RuleFor(c => c.DisplayName).MaximumLength(100).PlainText();
        RuleFor(c => c.Category).MaximumLength(50).PlainText();
        RuleFor(c => c.Colour).Colour();
    }
}

public sealed class CreateTagHandler(IApplicationDbContext db, WorkspaceAccess access, CreateTagValidator validator, AuditLog audit)
{
    public async Task<TagDto> HandleAsync(string workspace, CreateTagCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        await db.Tags.Where(t => t.WorkspaceId == scope.Id).EnsureRoomForAsync(command.Code, Tag.MaxPerWorkspace, "Tag", "tags", "workspace", ct, nameof(Tag.Code));

        var tag = new Tag
        {
            WorkspaceId = scope.Id, Code = command.Code, DisplayName = command.DisplayName.NullIfBlank() ?? command.Code,
            Category = command.Category.NullIfBlank(), Colour = command.Colour.NullIfBlank()?.ToLowerInvariant(),
        };
        db.Tags.Add(tag);
        audit.Record(AuditActions.TagCreated, "tag", tag.Id, scope.Id, new { code = tag.Code });
        await db.SaveChangesAsync(ct);
        return TagDto.From(tag, 0);
    }
}
