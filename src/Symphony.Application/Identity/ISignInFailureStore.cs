namespace Symphony.Application.Identity;

/// <summary>
/// Sign-in attempts counted by key in the platform database, so that every node sees the same counts. Counts whose
/// last attempt is older than the memory start again from one.
/// </summary>
public interface ISignInFailureStore
{
    /// <summary>
    /// Atomically, unless the key is waiting: counts one attempt and sets the wait before the next one (none while
    /// the count is within <paramref name="free"/>, then 1 s doubling up to <paramref name="cap"/>). Answers null
    /// when the attempt was counted, or the time the key waits until, when it was not.
    /// </summary>
    Task<DateTime?> TryCountAsync(string key, int free, TimeSpan cap, DateTime now, TimeSpan memory, CancellationToken ct);

    /// <summary>Deletes the keys whose last attempt is before <paramref name="cutoff"/>: forgotten anyway, kept small.</summary>
    Task ForgetBeforeAsync(DateTime cutoff, CancellationToken ct);

    /// <summary>Gives back one counted attempt (it turned out to be a success), lifting the wait it set.</summary>
    Task UncountAsync(string key, int free, CancellationToken ct);

    /// <summary>Forgets the keys, and every key starting with one of <paramref name="prefixes"/>.</summary>
    Task ClearAsync(IReadOnlyList<string> keys, IReadOnlyList<string> prefixes, CancellationToken ct);
}
