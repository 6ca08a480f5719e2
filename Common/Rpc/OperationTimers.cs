using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OceanClassic.Common.Rpc;

// Process-wide counts and wall time of named operations, for profiles: every RPC this process calls
// ("rpc_call.<code>", send to answer) and serves ("rpc_serve.<code>", dispatch to the handler's
// response), and the stages a role times itself (e.g. the MergeServer's "ms.parse"). The Status RPC
// reports each as "time.<name>" = "<count> <total µs>"; a profile reads them before and after a load and
// divides the differences by its transactions. Always on: a timer costs two timestamps and two adds.
public static class OperationTimers
{
    private static readonly ConcurrentDictionary<string, OperationTimer> Named = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<uint, OperationTimer> Calls = new();
    private static readonly ConcurrentDictionary<uint, OperationTimer> Served = new();

    public static OperationTimer Get(string name) => Named.GetOrAdd(name, static n => new OperationTimer());

    public static OperationTimer RpcCall(uint code) =>
        Calls.TryGetValue(code, out var timer) ? timer : Calls.GetOrAdd(code, static c => Get(FormattableString.Invariant($"rpc_call.{c}")));

    public static OperationTimer RpcServe(uint code) =>
        Served.TryGetValue(code, out var timer) ? timer : Served.GetOrAdd(code, static c => Get(FormattableString.Invariant($"rpc_serve.{c}")));

    // Every timer used so far, as the Status RPC's values.
    public static void CopyTo(IDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, timer) in Named)
            values["time." + name] = timer.ToString();
    }
}

// One named operation's count and total wall time.
public sealed class OperationTimer
{
    private long _count;
    private long _ticks;

    public long Count => Interlocked.Read(ref _count);

    public long TotalMicroseconds => Interlocked.Read(ref _ticks) * 1_000_000 / Stopwatch.Frequency;

    // Records one operation that began at `startTimestamp` (Stopwatch.GetTimestamp()) and ends now.
    public void Stop(long startTimestamp)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    // Records `count` operations that together ran from `startTimestamp` until now (one clock read for many
    // rows: on a VM a clock read is not free).
    public void Stop(long startTimestamp, long count)
    {
        Interlocked.Add(ref _count, count);
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} {TotalMicroseconds}");
}
