namespace OceanClassic.Common.Rpc;

// The connection slots of one peer, used round robin. A slot holds the dial task, so concurrent callers
// share one dial and a failed dial is retried by the next caller that lands on the slot.
// Thread affinity (RpcOptions.ThreadAffinity): from its round-robin slot on, a call skips open connections
// whose replies another thread reads, so it goes over one read by its own thread when there is one (or
// dials a slot not yet open); when every open connection is another thread's, the round-robin slot. With
// inline socket I/O a reply's continuation runs on the thread that read it, so a MergeServer statement
// called from its MySQL socket's thread comes back to that thread: with io_threads > 1 and as many
// connections per peer, each socket thread carries its sessions whole, where one connection would run
// every session's second half on its own thread. With one socket thread all connections are its own:
// plain round robin, as without affinity.
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
        if (_options.ThreadAffinity && _slots.Length > 1)
        {
            slot = OwnSlotFrom(slot);
        }
        var current = Volatile.Read(ref _slots[slot]);
        return IsUsable(current) ? current! : Redial(slot);
    }

    private int OwnSlotFrom(int first)
    {
        int thread = Environment.CurrentManagedThreadId;
        for (int i = 0; i < _slots.Length; i++)
        {
            int slot = (first + i) % _slots.Length;
            if (Volatile.Read(ref _slots[slot]) is not { IsCompletedSuccessfully: true } dialed
                || dialed.Result is not { IsClosed: false, ReceiveThreadId: var reader }
                || reader == thread || reader == 0)
            {
                return slot;
            }
        }
        return first;
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
