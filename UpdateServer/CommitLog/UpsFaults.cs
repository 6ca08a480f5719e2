using System.Collections.Concurrent;

namespace OceanClassic.UpdateServer.CommitLog;

// Named fault-injection points for crash tests. One instance per engine (tests run in parallel),
// off unless a test arms a point; an armed point throws InjectedFaultException when reached.
public sealed class UpsFaults
{
    // The batch is lost before any byte reaches the log (a crash before the write).
    public const string BeforeLogWrite = "before_log_write";
    // The batch was handed to the replicator (majority mode: shipped to the backups), then its own write fails.
    public const string AfterShipBeforeLogWrite = "after_ship_before_log_write";
    // The batch is written and fsynced, then the committer dies before anyone is told.
    public const string AfterLogWriteBeforeAck = "after_log_write_before_ack";

    private readonly ConcurrentDictionary<string, bool> _armed = new(StringComparer.Ordinal);

    public void Arm(string point) => _armed[point] = true;
    public void Disarm(string point) => _armed.TryRemove(point, out _);

    public void Hit(string point)
    {
        if (!_armed.IsEmpty && _armed.ContainsKey(point))
            throw new InjectedFaultException(point);
    }
}

public sealed class InjectedFaultException(string point) : IOException($"injected fault at {point}")
{
    public string Point { get; } = point;
}
