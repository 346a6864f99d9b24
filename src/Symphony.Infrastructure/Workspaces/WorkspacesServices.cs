using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Workspaces;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Workspaces;

/// <summary>How many workspaces a person may create, checked at start-up.</summary>
public static class WorkspacesServices
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCheckedSettings<WorkspaceOptions>(configuration, WorkspaceOptions.Section, (o, r) =>
            r.AtLeast(o.MaxCreatedPerUser, 1, nameof(o.MaxCreatedPerUser)));
}
