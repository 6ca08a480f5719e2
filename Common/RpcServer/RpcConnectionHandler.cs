using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace OceanClassic.Common.Rpc;

// Kestrel entry point: `listen.UseConnectionHandler<RpcConnectionHandler>()`. It bounds the connections
// open at once from one peer address (RpcOptions.MaxConnectionsPerPeer; every local Unix-socket peer
// counts as "local"): one more is closed unread, with a log line at most once a second.
public sealed class RpcConnectionHandler : ConnectionHandler
{
    private readonly RpcHandlerRegistry _registry;
    private readonly RpcOptions _options;
    private readonly ILogger<RpcConnectionHandler> _logger;
    private readonly ConcurrentDictionary<string, int> _perPeer = new(StringComparer.Ordinal);
    private long _lastRefusalLogTicks;

    public RpcConnectionHandler(RpcHandlerRegistry registry, RpcOptions options, ILogger<RpcConnectionHandler> logger)
    {
        _registry = registry;
        _options = options;
        _logger = logger;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var peer = connection.RemoteEndPoint is IPEndPoint ip ? ip.Address.ToString() : "local";
        try
        {
            if (_perPeer.AddOrUpdate(peer, 1, static (_, open) => open + 1) > _options.MaxConnectionsPerPeer)
            {
                LogRefusal(peer);
                await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
                await connection.Transport.Input.CompleteAsync().ConfigureAwait(false);
                return;
            }
            using var session = new RpcServerSession(connection, _registry, _options, _logger);
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_perPeer.AddOrUpdate(peer, 0, static (_, open) => open - 1) == 0)
                _perPeer.TryRemove(new KeyValuePair<string, int>(peer, 0));
        }
    }

    private void LogRefusal(string peer)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastRefusalLogTicks);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastRefusalLogTicks, now, last) == last)
        {
            _logger.LogWarning("RPC connection from {Peer} refused: {Max} connections from that address are open (rpc_max_connections_per_peer)",
                peer, _options.MaxConnectionsPerPeer);
        }
    }
}
