using System.Diagnostics;

namespace OceanClassic.ChunkServer.TabletStore;

// Paces the daily merge (and tablet copies) to at most bytesPerSecond (0 = unthrottled), so tablet
// reads keep their share of the disk and the CPU; it also yields now and then so one merge never hogs
// a thread. Small steps (rows) are checked every 256 calls, a large one (a copied chunk) at once.
public sealed class MergeThrottle(long bytesPerSecond)
{
    private const long LargeStepBytes = 64 << 10;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytes;
    private int _calls;

    public async ValueTask PaceAsync(long bytes, CancellationToken ct)
    {
        _bytes += bytes;
        if (++_calls % 256 != 0 && bytes < LargeStepBytes)
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
