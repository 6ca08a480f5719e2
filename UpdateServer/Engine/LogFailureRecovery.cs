using Microsoft.Extensions.Logging;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

// After a commit-log write failed (a full disk, an I/O error) the engine takes no more writes: its
// MemTable holds the failed batch's increments, which no log entry backs (never visible: the
// committed version stopped before them), and its log was cut back to the last acknowledged entry
// (GroupCommitter). This watches for that and, once the log directory takes a probe write again
// (ProbeBytes, fsynced, then deleted: room for the next zero fill ahead), has the engine reopened
// from disk: the failed writes are gone, the next append zero-fills again, and writes resume without
// a restart. Nothing is reopened while the disk stays full, so a full disk costs no replay loop.
public sealed class LogFailureRecovery : IAsyncDisposable
{
    public const int ProbeBytes = 2 * CommitLogWriter.PreallocateBytes;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    // `needed`: the engine's log failed (or a reopen after that failed); `reopen` reopens it.
    public LogFailureRecovery(Func<bool> needed, string logDirectory, Func<CancellationToken, Task> reopen, ILogger logger)
    {
        _loop = Task.Run(() => RunAsync(needed, logDirectory, reopen, logger, _stop.Token));
    }

    private static async Task RunAsync(Func<bool> needed, string logDirectory, Func<CancellationToken, Task> reopen, ILogger logger, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        var waiting = false;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if (!needed())
                {
                    waiting = false;
                    continue;
                }
                if (!HasRoom(logDirectory, out var why))
                {
                    if (!waiting)
                        logger.LogWarning("commit log directory {Directory} still refuses writes ({Why}); writes resume once it has room", logDirectory, why);
                    waiting = true;
                    continue;
                }
                try
                {
                    await reopen(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    logger.LogError(e, "reopening the UpdateServer engine after a commit log failure failed; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Whether `directory` takes ProbeBytes more, written and synced.
    public static bool HasRoom(string directory, out string why)
    {
        var probe = Path.Combine(directory, "space-probe.tmp");
        try
        {
            using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(new byte[ProbeBytes]);
                stream.Flush(flushToDisk: true);
            }
            why = "";
            return true;
        }
        catch (IOException e)
        {
            why = e.Message;
            return false;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (IOException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
