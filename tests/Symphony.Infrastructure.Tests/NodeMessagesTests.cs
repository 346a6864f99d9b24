using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Identity;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// Messages between nodes on one PostgreSQL: a save that revokes a session answers only once every listening node has
/// dropped it, however slow a node is to hear, and a node that never answers delays the save but does not stop it.
/// </summary>
public sealed class NodeMessagesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly List<(NpgsqlDataSource Source, PostgresNodeListener Listener)> _nodes = [];

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.PostgreSql);

    public async Task DisposeAsync()
    {
        foreach (var (source, listener) in _nodes)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
            await source.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private async Task<NodeMessages> StartNodeAsync(string name)
    {
        var source = NpgsqlDataSource.Create(_database.ConnectionString);
        var messages = new NodeMessages(new PostgresDataSource(source), new NodeName(name), NullLogger<NodeMessages>.Instance, TimeProvider.System);
        var listener = new PostgresNodeListener(messages, new PostgresDataSource(source), TimeProvider.System, NullLogger<PostgresNodeListener>.Instance);
        _nodes.Add((source, listener));
        await listener.StartAsync(CancellationToken.None);
        var started = Stopwatch.StartNew();
        while (!messages.Live && started.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.True(messages.Live, $"{name} listens");
        return messages;
    }

    /// <summary>A user with a live session, saved without telling anyone.</summary>
    private async Task<(Guid UserId, Guid SessionId)> SessionAsync()
    {
        await using var db = _database.NewContext();
        var user = new User { Username = "ada", NormalizedUsername = "ada", Role = UserRole.Operator };
        var session = new AuthSession { UserId = user.Id, Kind = AuthSessionKind.Api, ExpiresAt = DateTime.UtcNow.AddHours(1) };
        db.Users.Add(user);
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return (user.Id, session.Id);
    }

    private async Task RevokeAsync(NodeMessages on, Guid sessionId)
    {
        await using var db = _database.NewContext(nodes: on, notices: [new SessionNotice()]);
        var session = await db.AuthSessions.FindAsync(sessionId);
        session!.Revoke(DateTime.UtcNow, "logout");
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_revocation_answers_only_after_a_slow_node_has_dropped_the_user_s_sessions()
    {
        var a = await StartNodeAsync("test:1:aaaa");
        var b = await StartNodeAsync("test:2:bbbb");
        var (userId, sessionId) = await SessionAsync();
        long droppedOnB = 0;
        b.Subscribe(SessionCache.Topic, payload =>
        {
            if (payload != SessionCache.UserChanged(userId)) return;
            // Longer than the store takes to hand the message back to the sender: answering on that alone is too soon.
            Thread.Sleep(1500);
            Interlocked.Exchange(ref droppedOnB, Stopwatch.GetTimestamp());
        });

        await RevokeAsync(a, sessionId);
        var answered = Stopwatch.GetTimestamp();

        var dropped = Interlocked.Read(ref droppedOnB);
        Assert.True(dropped != 0 && dropped <= answered, "the other node dropped the session before the revoking save returned");
    }

    [Fact]
    public async Task A_node_that_listens_but_never_confirms_delays_a_revocation_without_stopping_it()
    {
        var a = await StartNodeAsync("test:1:aaaa");
        var (_, sessionId) = await SessionAsync();
        // A listener that hears but never answers, as a node hung on its way down would.
        await using var silent = new NpgsqlConnection(_database.ConnectionString);
        await silent.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {NodeMessages.Channel}; SET application_name = '{NodeMessages.ListenerName}'", silent))
            await listen.ExecuteNonQueryAsync();

        var watch = Stopwatch.StartNew();
        await RevokeAsync(a, sessionId);

        Assert.InRange(watch.Elapsed.TotalSeconds, 4.5, 15);
        await using var db = _database.NewContext();
        Assert.NotNull((await db.AuthSessions.FindAsync(sessionId))!.RevokedAt);
    }
}
