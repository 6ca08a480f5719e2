namespace OceanClassic.Common.Rpc;

// The connection slots of one peer. A slot holds the dial task, so concurrent callers share one dial
// and a failed dial is retried by the next caller that lands on the slot.
internal sealed class RpcPeer : IAsyncDisposable
{
    private readonly string _address;
    private readonly RpcOptions _options;
    private readonly Task<RpcConnection>?[] _slots;
    private readonly Lock _redial = new();
    private int _next;

    public RpcPeer(string address, RpcOptions options)
    {
        _address = address;
        _options = options;
        _slots = new Task<RpcConnection>?[options.ConnectionsPerPeer];
    }

    public Task<RpcConnection> Next()
    {
        int slot = (int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length);
        var current = Volatile.Read(ref _slots[slot]);
        return IsUsable(current) ? current! : Redial(slot);
    }

    private static bool IsUsable(Task<RpcConnection>? slot) =>
        slot is not null && (!slot.IsCompleted || (slot.IsCompletedSuccessfully && !slot.Result.IsClosed));

    private Task<RpcConnection> Redial(int slot)
    {
        lock (_redial)
        {
            var current = _slots[slot];
            if (IsUsable(current))
            {
                return current!;
            }
            if (current is { IsCompletedSuccessfully: true })
            {
                _ = current.Result.DisposeAsync().AsTask();
            }
            var dial = RpcConnection.ConnectAsync(_address, _options);
            Volatile.Write(ref _slots[slot], dial);
            return dial;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            var slot = Interlocked.Exchange(ref _slots[i], null);
            if (slot is null)
            {
                continue;
            }
            try
            {
                var connection = await slot.ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // A dial that failed left nothing to close.
            }
        }
    }
}
