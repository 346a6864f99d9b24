using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Symphony.Application.Identity;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Infrastructure.Persistence;

/// <summary>What first start did, for the console banner. <see cref="GeneratedPassword"/> is shown once and never stored in clear.</summary>
public sealed record FirstStartResult(string? CreatedAdmin, string? GeneratedPassword);

/// <summary>Applies migrations and, on an empty database, creates the first admin and the default workspace.</summary>
public sealed class DatabaseInitializer(SymphonyDbContext db, IPasswordHasher hasher, TimeProvider clock, ILogger<DatabaseInitializer> logger)
{
    public const string AdminPasswordVariable = "SYMPHONY_ADMIN_PASSWORD";

    public async Task MigrateAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
    }

    public async Task<FirstStartResult> SeedAsync(string adminUsername, string? adminPassword, CancellationToken ct)
    {
        if (await db.Users.IgnoreQueryFilters().AnyAsync(ct))
            return new FirstStartResult(null, null);

        string? generated = null;
        if (string.IsNullOrEmpty(adminPassword))
            adminPassword = generated = GeneratePassword();
        else if (PasswordPolicy.Check(adminPassword) is { Count: > 0 } problems)
            throw new InvalidOperationException($"{AdminPasswordVariable} does not meet the password policy: {string.Join(" ", problems)}");

        var admin = new User
        {
            Username = adminUsername,
            NormalizedUsername = User.Normalize(adminUsername),
            DisplayName = "Administrator",
            Role = UserRole.Admin,
        };
        admin.SetPassword(hasher.Hash(adminPassword), clock.GetUtcNow().UtcDateTime);
        db.Users.Add(admin);

        if (!await db.Workspaces.AnyAsync(w => w.Slug == Workspace.DefaultSlug, ct))
        {
            var workspace = new Workspace { Slug = Workspace.DefaultSlug, Name = "Default", Description = "Created on first start." };
            db.Workspaces.Add(workspace);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = admin.Id, Role = WorkspaceRole.Owner });
        }
        await db.SaveChangesAsync(ct);
        return new FirstStartResult(adminUsername, generated);
    }

    /// <summary>20 characters from an unambiguous alphabet, with upper, lower and digit guaranteed.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        chars[RandomNumberGenerator.GetInt32(0, 7)] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[RandomNumberGenerator.GetInt32(7, 14)] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[RandomNumberGenerator.GetInt32(14, 20)] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        return new string(chars);
    }
}
