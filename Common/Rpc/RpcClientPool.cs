using System.Collections.Concurrent;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// Connections per peer ("host:port"), used round robin. A broken connection is replaced by a fresh
// dial on the next call that lands on its slot, so a restarted server is picked up without help.
public sealed class RpcClientPool : IAsyncDisposable
{
    private readonly RpcOptions _options;
    private readonly ConcurrentDictionary<string, RpcPeer> _peers = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public RpcClientPool(RpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionsPerPeer < 1)
        {
            throw new ArgumentException("ConnectionsPerPeer must be at least 1", nameof(options));
        }
        _options = options;
    }

    public RpcOptions Options => _options;

    public Task<TResp> CallAsync<TReq, TResp>(
        string address, uint code, TReq request, MessageParser<TResp> parser,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var peer = _peers.GetOrAdd(address, static (a, options) => new RpcPeer(a, options), _options);
        var connecting = peer.Next();
        var callTimeout = timeout ?? _options.DefaultTimeout;
        return connecting.IsCompletedSuccessfully
            ? connecting.Result.CallAsync(code, request, parser, callTimeout, cancellationToken)
            : CallWhenConnectedAsync(connecting, code, request, parser, callTimeout, cancellationToken);
    }

    private static async Task<TResp> CallWhenConnectedAsync<TReq, TResp>(
        Task<RpcConnection> connecting, uint code, TReq request, MessageParser<TResp> parser,
        TimeSpan timeout, CancellationToken cancellationToken)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        var connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await connection.CallAsync(code, request, parser, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var peer in _peers.Values)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }
        _peers.Clear();
    }
}
