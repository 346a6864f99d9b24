namespace Symphony.Testing;

/// <summary>
/// A clock that stands still until a test moves it: a wait measured by it cannot run out while a busy machine
/// stalls a test, and a test that wants it over moves the clock instead of sleeping. Timers and timestamps stay
/// the machine's.
/// </summary>
public sealed class ManualClock() : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
