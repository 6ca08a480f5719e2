using Google.Protobuf;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// Calls the RootServer, trying each configured RS address in turn, starting with the one
// that answered last: the primary of a primary/backup pair (the backup answers NotPrimary).
public sealed class RootServerClient
{
    private readonly RpcClientPool _pool;
    private readonly IReadOnlyList<string> _addresses;
    private readonly TimeSpan _timeout;
    private int _current;

    public RootServerClient(RpcClientPool pool, IReadOnlyList<string> addresses, TimeSpan timeout)
    {
        if (addresses.Count == 0)
            throw new ArgumentException("at least one RootServer address is needed", nameof(addresses));
        _pool = pool;
        _addresses = addresses;
        _timeout = timeout;
    }

    public IReadOnlyList<string> Addresses => _addresses;

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
}
