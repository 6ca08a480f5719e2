// Waiting for a condition of a live cluster, never for a fixed time: UntilAsync polls a condition until
// it holds, RetryAsync repeats an action until it succeeds; both give up after a timeout with a
// TimeoutException that says what was awaited.
using MySqlConnector;

namespace OceanClassic.Jepsen.Drills;

public static class Wait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await condition(deadline.Token))
                await Task.Delay(Poll, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
        }
    }

    public static Task RetryAsync(Func<CancellationToken, Task> action, TimeSpan timeout, string what, CancellationToken ct) =>
        UntilAsync(async token =>
        {
            try
            {
                await action(token);
                return true;
            }
            catch (Exception e) when (e is MySqlException or IOException or TimeoutException or InvalidOperationException && !token.IsCancellationRequested)
            {
                return false;
            }
        }, timeout, what, ct);
}
