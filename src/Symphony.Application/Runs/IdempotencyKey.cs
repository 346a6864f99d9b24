using System.Text.Json;
using Symphony.Application.Common;

namespace Symphony.Application.Runs;

/// <summary>
/// A client's Idempotency-Key with the operation it came with: the automation and batches of a run, the kind and
/// scope of a fleet sync, the job run now. The same key for the same operation answers the run it started; the
/// same key for another operation is refused (409 IDEMPOTENCY_KEY_REUSED), never answered with a run of something
/// else. A run keeps <see cref="Scope"/>, a digest of the operation.
/// </summary>
public sealed record IdempotencyKey(string Key, string Operation)
{
    public const int MaxLength = 200;

    /// <summary>SHA-256 of the operation, in hex: what a run stores beside its key.</summary>
    public string Scope { get; } = Sha256.Hex(Operation);

    /// <summary>The key sent with a request (null when none was), for the operation described by <paramref name="parts"/>.</summary>
    public static IdempotencyKey? Of(string? key, params object?[] parts) =>
        key is null ? null : new IdempotencyKey(key, string.Join(" ", parts.Select(Describe)));

    /// <summary>Arguments in a stable form: lists and objects as JSON, so the same request always reads the same.</summary>
    private static string Describe(object? part) => part switch
    {
        null => "-",
        string text => text,
        Guid id => id.ToString(),
        _ => JsonSerializer.Serialize(part),
    };
}
