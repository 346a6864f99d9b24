using FluentValidation;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

/// <summary>The field rules shared by create and update.</summary>
public static class RepoRules
{
    public static void Location<T>(AbstractValidator<T> v, Func<T, string?> localPath, Func<T, string?> remoteUrl)
    {
        v.RuleFor(c => localPath(c)).Must(p => p is null || Repo.CheckLocalPath(p) is null)
            .WithName("local_path").WithMessage((_, p) => Repo.CheckLocalPath(p ?? "") ?? "");
        v.RuleFor(c => remoteUrl(c)).Must(u => u is null || Repo.CheckRemoteUrl(u) is null)
            .WithName("remote_url").WithMessage((_, u) => Repo.CheckRemoteUrl(u ?? "") ?? "");
    }

    public static IRuleBuilderOptions<T, string?> Branch<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(200).Matches("^[A-Za-z0-9._/-]+$").WithMessage("Branch names use letters, digits, '.', '_', '/' and '-'.");

}
