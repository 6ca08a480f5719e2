using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace OceanClassic.Common.Rpc;

// Kestrel entry point: `listen.UseConnectionHandler<RpcConnectionHandler>()`.
public sealed class RpcConnectionHandler : ConnectionHandler
{
    private readonly RpcHandlerRegistry _registry;
    private readonly RpcOptions _options;
    private readonly ILogger<RpcConnectionHandler> _logger;

    public RpcConnectionHandler(RpcHandlerRegistry registry, RpcOptions options, ILogger<RpcConnectionHandler> logger)
    {
        _registry = registry;
        _options = options;
        _logger = logger;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var session = new RpcServerSession(connection, _registry, _options, _logger);
        await session.RunAsync().ConfigureAwait(false);
    }
}
