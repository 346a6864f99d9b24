using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Open-loop load at a fixed rate: request i is due at start + i / rate and is sent then, whether or not the earlier
// ones have answered, and its latency counts from when it was due. A slow server therefore shows in the latency
// instead of lowering the rate (no coordinated omission, unlike a closed loop of connections such as wrk's).
//   LoadGenerator URL RATE SECONDS [METHOD] [BODY] [WARMUP_SECONDS]
// Environment: TOKEN (a bearer token). Prints one line:
//   sent N ok N errors N rate R p50 X p99 Y p99.9 Z max M   (latencies in ms)
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: LoadGenerator URL RATE SECONDS [METHOD] [BODY] [WARMUP_SECONDS]");
    return 2;
}
var url = new Uri(args[0]);
var rate = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var method = new HttpMethod(args.Length > 3 ? args[3] : "GET");
var body = args.Length > 4 && args[4].Length > 0 ? args[4] : null;
var warmup = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
var token = Environment.GetEnvironmentVariable("TOKEN");

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
{
    Timeout = TimeSpan.FromSeconds(30),
};
if (!string.IsNullOrEmpty(token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

if (warmup > 0) await RunAsync(rate, warmup);
var (latencies, errors, elapsed) = await RunAsync(rate, seconds);
Array.Sort(latencies);
double At(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sent {latencies.Length + errors} ok {latencies.Length} errors {errors} rate {(latencies.Length + errors) / elapsed:F0} p50 {At(0.50):F2} p99 {At(0.99):F2} p99.9 {At(0.999):F2} max {(latencies.Length == 0 ? double.NaN : latencies[^1]):F2}"));
return errors == 0 ? 0 : 1;

async Task<(double[] Latencies, int Errors, double Seconds)> RunAsync(int perSecond, int duration)
{
    var total = perSecond * duration;
    var results = new double[total];
    var failed = new bool[total];
    var pending = new Task[total];
    var ticksPerRequest = (double)Stopwatch.Frequency / perSecond;
    var start = Stopwatch.GetTimestamp();
    // A dedicated thread keeps the schedule: the thread pool is busy with the answers.
    var scheduler = new Thread(() =>
    {
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            while (Stopwatch.GetTimestamp() is var now && now < due)
            {
                if ((due - now) * 1000 / Stopwatch.Frequency >= 2) Thread.Sleep(1);
                else Thread.Yield();
            }
            pending[i] = SendAsync(i, due);
        }
    })
    { IsBackground = true, Priority = ThreadPriority.AboveNormal };
    scheduler.Start();
    scheduler.Join();
    await Task.WhenAll(pending);
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var ok = results.Where((_, i) => !failed[i]).ToArray();
    return (ok, failed.Count(f => f), elapsed);

    async Task SendAsync(int i, long due)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            failed[i] = !response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failed[i] = true;
        }
        results[i] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
    }
}
