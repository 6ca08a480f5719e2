using Google.Protobuf;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// Calls the RootServer, trying each configured RS address in turn, starting with the one
// that answered last: the primary of a primary/backup pair (the backup answers NotPrimary).
// RootServer replies carry the pair epoch of the primary that sent them (rs_epoch): this server
// remembers the newest it was answered with and takes no reply of an older epoch (an old primary
// that has not learnt it was replaced), trying the other address instead.
public sealed class RootServerClient
{
    private const string EpochField = "rs_epoch";
    private readonly RpcClientPool _pool;
    private readonly IReadOnlyList<string> _addresses;
    private readonly TimeSpan _timeout;
    private int _current;
    private ulong _epoch;

    public RootServerClient(RpcClientPool pool, IReadOnlyList<string> addresses, TimeSpan timeout)
    {
        if (addresses.Count == 0)
            throw new ArgumentException("at least one RootServer address is needed", nameof(addresses));
        _pool = pool;
        _addresses = addresses;
        _timeout = timeout;
    }

    public IReadOnlyList<string> Addresses => _addresses;

    // The newest RootServer pair epoch this server has been answered with.
    public ulong Epoch => Interlocked.Read(ref _epoch);

    public async Task<TResp> CallAsync<TReq, TResp>(uint code, TReq request, MessageParser<TResp> parser, CancellationToken ct)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        var start = Volatile.Read(ref _current);
        RpcException? last = null;
        for (var i = 0; i < _addresses.Count; i++)
        {
            var index = (start + i) % _addresses.Count;
            try
            {
                var response = await _pool.CallAsync(_addresses[index], code, request, parser, _timeout, ct).ConfigureAwait(false);
                if (!TakeEpoch(response))
                {
                    last = new RpcException(RpcErrorCodes.NotPrimary,
                        $"RootServer {_addresses[index]} answered from an older epoch than {Epoch}: it was replaced");
                    continue;
                }
                Volatile.Write(ref _current, index);
                return response;
            }
            catch (RpcException e) when (e.Code is RpcErrorCodes.ConnectionFailed or RpcErrorCodes.Timeout or RpcErrorCodes.NotPrimary)
            {
                last = e;
            }
        }
        throw last!;
    }

    // False for a reply of an older epoch than one already seen; a newer one is remembered.
    private bool TakeEpoch(IMessage response)
    {
        if (response.Descriptor.FindFieldByName(EpochField)?.Accessor.GetValue(response) is not ulong epoch || epoch == 0)
            return true;
        var seen = Interlocked.Read(ref _epoch);
        while (true)
        {
            if (epoch < seen)
                return false;
            if (epoch == seen || Interlocked.CompareExchange(ref _epoch, epoch, seen) == seen)
                return true;
            seen = Interlocked.Read(ref _epoch);
        }
    }
}
