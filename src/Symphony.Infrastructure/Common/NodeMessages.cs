using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Symphony.Application.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Common;

/// <summary>
/// <see cref="INodeMessages"/>: handlers on this node run at once; on PostgreSQL the message also goes out with
/// <c>pg_notify</c> on <see cref="Channel"/> (sent in batches by one loop, kept and retried while the store is out) and
/// <see cref="PostgresNodeListener"/> hands other nodes' messages to their handlers. A message is
/// "id topic payload", the id being the sender's name and a number; a node skips its own. A message whose id ends
/// in <c>!</c> is confirmed: each node that hears it answers with an <see cref="AckTopic"/> message naming the id once
/// its handlers have run, so the sender can wait for every listening node (<see cref="Expect"/>).
/// </summary>
public sealed class NodeMessages : INodeMessages
{
    public const string Channel = "symphony_nodes";
    /// <summary>The <c>application_name</c> of each node's listening connection: counting them counts the nodes that hear.</summary>
    public const string ListenerName = "symphony-listener";
    private const string AckTopic = "ack";
    /// <summary>Messages waiting to go out beyond this are dropped: entries they would clear expire on their own.</summary>
    private const int MaxWaiting = 10_000;

    private readonly ConcurrentDictionary<string, List<Action<string?>>> _handlers = new();
    /// <summary>This node's messages waited for until the store hands them back (<see cref="Expect"/>).</summary>
    private readonly ConcurrentDictionary<string, Echo> _echoes = new();
    private readonly Channel<string>? _outbox;
    private readonly RepeatedFailure _unconfirmed;
    private volatile bool _live;

    public NodeMessages(PostgresDataSource store, NodeName node, ILogger<NodeMessages> logger, TimeProvider clock)
    {
        _unconfirmed = new RepeatedFailure(logger, "A change was not confirmed by every node in time; a node that missed it may keep a revoked session for up to a minute", clock);
        NodeId = node.Value;
        IsClustered = store.Value is not null;
        _live = !IsClustered;
        if (IsClustered)
            _outbox = System.Threading.Channels.Channel.CreateBounded<string>(new BoundedChannelOptions(MaxWaiting)
            { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    }

    /// <summary>This process's name in messages, so it skips the ones it sent.</summary>
    public string NodeId { get; }

    /// <summary>On PostgreSQL several nodes may share the store; on SQLite one runs.</summary>
    public bool IsClustered { get; }

    public bool Live => _live;

    internal ChannelReader<string>? Outbox => _outbox?.Reader;

    public void Publish(string topic, string payload)
    {
        Deliver(topic, payload);
        _outbox?.Writer.TryWrite(Format(topic, payload));
    }

    /// <summary>
    /// A message as it goes out on <see cref="Channel"/>: this node's name with a number of its own (so that the store
    /// handing one back is told from another with the same words), the topic, the payload.
    /// </summary>
    internal string Format(string topic, string payload, bool confirmed = false) =>
        $"{NodeId}:{Interlocked.Increment(ref _sent)}{(confirmed ? "!" : "")} {topic} {payload}";

    private long _sent;

    /// <summary>
    /// A confirmed message the caller's transaction is about to send with <c>pg_notify</c>: registered before the
    /// commit, so that no answer (which may come at once) is missed. The caller counts the listening nodes in its
    /// transaction (<see cref="Echo.Expecting"/>); once committed, <see cref="Echo.SentAsync"/> delivers the message
    /// here and waits until each of them has run its handlers and said so, this node's listener hearing its own message
    /// included. Without a live listener there is nothing to wait for: the caches trust nothing then.
    /// </summary>
    internal Echo Expect(string topic, string payload)
    {
        var echo = new Echo(this, topic, payload);
        if (!_live) echo.Heard.TrySetResult();
        else _echoes[echo.Id] = echo;
        return echo;
    }

    internal sealed class Echo(NodeMessages messages, string topic, string payload) : IDisposable
    {
        private int _expected = int.MaxValue;
        private int _confirmed;

        public string Message { get; } = messages.Format(topic, payload, confirmed: true);
        public string Id => Message[..Message.IndexOf(' ')];
        public TaskCompletionSource Heard { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>How many nodes listen as the message is sent: each must confirm it.</summary>
        public void Expecting(int listeningNodes)
        {
            Volatile.Write(ref _expected, listeningNodes);
            CompleteIfAllConfirmed();
        }

        internal void Confirmed()
        {
            Interlocked.Increment(ref _confirmed);
            CompleteIfAllConfirmed();
        }

        private void CompleteIfAllConfirmed()
        {
            if (Volatile.Read(ref _confirmed) >= Volatile.Read(ref _expected)) Heard.TrySetResult();
        }

        public async Task SentAsync(TimeSpan wait)
        {
            messages.Deliver(topic, payload);
            if (await Task.WhenAny(Heard.Task, Task.Delay(wait)) == Heard.Task) messages._unconfirmed.Succeeded();
            else messages._unconfirmed.Failed(new TimeoutException(
                $"{Volatile.Read(ref _confirmed)} of {Volatile.Read(ref _expected)} listening nodes confirmed '{topic}' within {wait.TotalSeconds:0} s"));
        }

        public void Dispose() => messages._echoes.TryRemove(Id, out _);
    }

    public void Subscribe(string topic, Action<string?> handler)
    {
        var handlers = _handlers.GetOrAdd(topic, _ => []);
        lock (handlers) handlers.Add(handler);
    }

    /// <summary>
    /// A message heard from the store: another node's goes to the handlers here (and is confirmed once they ran, if
    /// asked); this node's own, and the confirmations of it, count towards what the sender waits for.
    /// </summary>
    internal void Heard(string message)
    {
        var parts = message.Split(' ', 3);
        if (parts.Length != 3) return;
        var id = parts[0];
        // "host:pid:random:number": the sender is all before the last colon.
        var fromThisNode = id[..Math.Max(0, id.LastIndexOf(':'))] == NodeId;
        if (parts[1] == AckTopic)
        {
            if (_echoes.TryGetValue(parts[2], out var confirmed)) confirmed.Confirmed();
        }
        else if (fromThisNode)
        {
            if (_echoes.TryGetValue(id, out var own)) own.Confirmed();
        }
        else
        {
            Deliver(parts[1], parts[2]);
            if (id.EndsWith('!')) _outbox?.Writer.TryWrite(Format(AckTopic, id));
        }
    }

    /// <summary>Listening or not: either way messages may have been missed in between, so every handler forgets.</summary>
    internal void SetLive(bool live)
    {
        _live = live;
        foreach (var topic in _handlers.Keys) Deliver(topic, null);
    }

    private void Deliver(string topic, string? payload)
    {
        if (!_handlers.TryGetValue(topic, out var handlers)) return;
        Action<string?>[] copy;
        lock (handlers) copy = [.. handlers];
        foreach (var handler in copy) handler(payload);
    }
}

/// <summary>
/// On PostgreSQL: one connection that LISTENs for the other nodes' messages, and the loop that sends this node's.
/// Either survives an outage of the store: the listener marks the node not live (caches stop trusting messages),
/// reconnects, and marks it live again; the sender keeps its batch and retries.
/// </summary>
public sealed class PostgresNodeListener(NodeMessages messages, PostgresDataSource store, TimeProvider clock, ILogger<PostgresNodeListener> logger) : BackgroundService
{
    /// <summary>A quiet connection is checked this often, so a dead one is found without waiting for TCP.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        store.Value is null ? Task.CompletedTask : Task.WhenAll(ListenAsync(store.Value, stoppingToken), SendAsync(store.Value, stoppingToken));

    private async Task ListenAsync(NpgsqlDataSource source, CancellationToken stop)
    {
        var failures = new RepeatedFailure(logger, "Could not listen for the other nodes' messages; sessions are read from the store meanwhile", clock);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stop);
                connection.Notification += (_, e) => messages.Heard(e.Payload);
                // Named only once listening: a sender that counts this connection can count on its confirmation.
                await using (var listen = new NpgsqlCommand($"LISTEN {NodeMessages.Channel}; SET application_name = '{NodeMessages.ListenerName}'", connection))
                    await listen.ExecuteNonQueryAsync(stop);
                messages.SetLive(true);
                failures.Succeeded();
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        if (!await connection.WaitAsync(Quiet, stop))
                        {
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteScalarAsync(stop);
                        }
                    }
                }
                finally
                {
                    // A connection that goes back to the pool keeps its name until it is used again: the other nodes
                    // would count a listener that never confirms, and wait for it.
                    await ForgetNameAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (messages.Live) messages.SetLive(false);
                await Task.Delay(failures.Failed(e), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static async Task ForgetNameAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) return;
            await using var reset = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection);
            await reset.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // A broken connection is not given back to the pool: nothing to forget.
        }
    }

    private async Task SendAsync(NpgsqlDataSource source, CancellationToken stop)
    {
        var outbox = messages.Outbox!;
        var batch = new List<string>();
        var failures = new RepeatedFailure(logger, "Could not tell the other nodes of changes; they are kept and sent again", clock);
        try
        {
            while (batch.Count > 0 || await outbox.WaitToReadAsync(stop))
            {
                while (batch.Count < 500 && outbox.TryRead(out var message)) batch.Add(message);
                try
                {
                    await using var command = source.CreateCommand($"SELECT pg_notify('{NodeMessages.Channel}', m) FROM unnest(@messages) AS m");
                    command.Parameters.AddWithValue("messages", batch.ToArray());
                    await command.ExecuteNonQueryAsync(stop);
                    batch.Clear();
                    failures.Succeeded();
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    await Task.Delay(failures.Failed(e), stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
