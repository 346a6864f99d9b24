using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Vaults;

namespace Symphony.Application.Credentials;

/// <summary>
/// Re-wraps every secret's data key (credentials, then webhooks) with the active master key, a batch per transaction. Rows already on the
/// active key are skipped, so an interrupted rotation resumes where it stopped; secrets stay readable
/// throughout, since the old keys remain configured until the operator removes them.
/// </summary>
public sealed class RotateMasterKeysHandler(IApplicationDbContext db, ISecretProtector protector)
{
    public const int BatchSize = 100;

    /// <summary>Re-wraps up to <paramref name="maxBatches"/> batches (all, when null); returns the rows re-wrapped.</summary>
    public async Task<int> HandleAsync(int? maxBatches, CancellationToken ct)
    {
        var total = 0;
        for (var batch = 0; maxBatches is null || batch < maxBatches; batch++)
        {
            var active = protector.ActiveKeyId;
            // Active rows only: a deleted credential's secret and data key are already erased.
            var rows = await db.Credentials
                .Where(c => c.KeyId != active)
                .OrderBy(c => c.Id).Take(BatchSize).ToListAsync(ct);
            // Webhook secrets too, once the credentials are done.
            var hooks = rows.Count > 0 ? [] : await db.Webhooks.Where(w => w.KeyId != active).OrderBy(w => w.Id).Take(BatchSize).ToListAsync(ct);
            if (rows.Count + hooks.Count == 0) break;
            foreach (var row in rows)
            {
                var rewrapped = protector.Rewrap(new ProtectedSecret(row.KeyId, row.WrappedKey, row.SecretCiphertext), row.AssociatedData);
                (row.KeyId, row.WrappedKey) = (rewrapped.KeyId, rewrapped.WrappedKey);
            }
            foreach (var hook in hooks)
            {
                var rewrapped = protector.Rewrap(new ProtectedSecret(hook.KeyId, hook.WrappedKey, hook.SecretCiphertext), hook.AssociatedData);
                (hook.KeyId, hook.WrappedKey) = (rewrapped.KeyId, rewrapped.WrappedKey);
            }
            await db.SaveChangesAsync(ct);
            total += rows.Count + hooks.Count;
        }
        return total;
    }
}
