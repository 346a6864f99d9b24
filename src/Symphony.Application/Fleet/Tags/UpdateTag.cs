using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>
/// Changes a tag's display name, category or colour (an empty category or colour clears it). The code is fixed:
/// job scopes, scripts and filters name it.
/// </summary>
public sealed record UpdateTagCommand(string? DisplayName = null, string? Category = null, string? Colour = null, int? Version = null);

public sealed class UpdateTagValidator : AbstractValidator<UpdateTagCommand>
{
    public UpdateTagValidator()
    {
        RuleFor(c => c.DisplayName).Must(n => n is null || n.Trim().Length > 0).WithMessage("display_name must not be empty.")
            .MaximumLength(100).PlainText();
        RuleFor(c => c.Category).MaximumLength(50).PlainText();
        RuleFor(c => c.Colour).Colour();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateTagHandler(IApplicationDbContext db, WorkspaceLookup lookup, UpdateTagValidator validator, AuditLog audit)
{
    public async Task<TagDto> HandleAsync(string workspace, Guid id, UpdateTagCommand command, CancellationToken ct)
    {
        var tag = await lookup.FindAsync<Tag>(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(tag, command.Version!.Value);
        if (command.DisplayName is not null) tag.DisplayName = command.DisplayName;
        if (command.Category is not null) tag.Category = command.Category.NullIfBlank();
        if (command.Colour is not null) tag.Colour = command.Colour.NullIfBlank()?.ToLowerInvariant();
        audit.Record(AuditActions.TagUpdated, "tag", tag.Id, tag.WorkspaceId, new { code = tag.Code });
        await db.SaveChangesAsync(ct);
        var counts = await TagRules.InstanceCountsAsync(db, [tag.Id], ct);
        return TagDto.From(tag, counts.GetValueOrDefault(tag.Id));
    }
}
