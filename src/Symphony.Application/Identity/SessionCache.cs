using System.Collections.Concurrent;
using Symphony.Application.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// Sessions this node found live, so an authenticated request does not read its session from the store each time.
/// A change to a session or its user (logout, revocation, a role changed, an account disabled) is told to every node
/// (<see cref="Topic"/>) and drops that user's entries; while the node could miss such messages nothing is kept or
/// read from here, and an entry is read again from the store after <see cref="Lifetime"/> whatever happens.
/// </summary>
public sealed class SessionCache
{
    public const string Topic = "sessions";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    /// <summary>Beyond this many live sessions the cache starts over rather than grow without bound.</summary>
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly INodeMessages _messages;
    /// <summary>Counts forgets, so a read that began before one never stores what it read.</summary>
    private long _generation;

    public SessionCache(INodeMessages messages)
    {
        _messages = messages;
        messages.Subscribe(Topic, payload =>
        {
            if (payload is not null && Guid.TryParse(payload, out var userId)) ForgetUser(userId);
            else ForgetAll();
        });
    }

    public sealed record Entry(SessionPrincipal Principal, DateTime ExpiresAt, DateTime ReadAt);

    public long Generation => Interlocked.Read(ref _generation);

    public SessionPrincipal? Find(Guid sessionId, Guid userId, DateTime now) =>
        _messages.Live && _entries.TryGetValue(sessionId, out var entry)
            && entry.Principal.UserId == userId && entry.ExpiresAt > now && now - entry.ReadAt < Lifetime
            ? entry.Principal
            : null;

    /// <summary>Keeps a live session read from the store, unless something was forgotten since the read began.</summary>
    public void Keep(long generationBeforeRead, SessionPrincipal principal, DateTime expiresAt, DateTime now)
    {
        if (!_messages.Live) return;
        if (_entries.Count >= Capacity) ForgetAll();
        _entries[principal.SessionId] = new Entry(principal, expiresAt, now);
        // A forget that ran during the read (or just now) may have missed this entry: take it back.
        if (Generation != generationBeforeRead) _entries.TryRemove(principal.SessionId, out _);
    }

    private void ForgetUser(Guid userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (sessionId, entry) in _entries)
            if (entry.Principal.UserId == userId) _entries.TryRemove(sessionId, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The payload that drops a user's sessions on every node.</summary>
    public static string UserChanged(Guid userId) => userId.ToString();
}
