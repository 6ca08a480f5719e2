using System.Diagnostics;

namespace OceanClassic.ChunkServer.Merge;

// Paces the daily merge to at most bytesPerSecond (0 = unthrottled), so tablet reads keep their
// share of the disk and the CPU; it also yields now and then so one merge never hogs a thread.
public sealed class MergeThrottle(long bytesPerSecond)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytes;
    private int _calls;

    public async ValueTask PaceAsync(long bytes, CancellationToken ct)
    {
        _bytes += bytes;
        if (++_calls % 256 != 0)
            return;
        if (bytesPerSecond > 0)
        {
            var due = TimeSpan.FromSeconds((double)_bytes / bytesPerSecond);
            var ahead = due - _clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(5))
            {
                await Task.Delay(ahead, ct).ConfigureAwait(false);
                return;
            }
        }
        await Task.Yield();
    }
}
