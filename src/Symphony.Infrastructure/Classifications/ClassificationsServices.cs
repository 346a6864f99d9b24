using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Classifications;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Classifications;

/// <summary>The budgets and limits of rule evaluation, checked at start-up.</summary>
public static class ClassificationsServices
{
    public static IServiceCollection AddClassifications(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCheckedSettings<ClassificationOptions>(configuration, ClassificationOptions.Section, (o, r) =>
        {
            r.Positive(o.PreviewBudget, nameof(o.PreviewBudget));
            r.Positive(o.PassBudget, nameof(o.PassBudget));
            r.AtLeast(o.PreviewsPerMinute, 1, nameof(o.PreviewsPerMinute));
            r.AtLeast(o.ConcurrentPreviews, 1, nameof(o.ConcurrentPreviews));
        });
}
