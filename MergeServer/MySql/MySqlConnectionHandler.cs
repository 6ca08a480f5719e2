using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace OceanClassic.MergeServer.MySql;

// Adapts a Kestrel connection to a MySqlSession; registered with listen.UseConnectionHandler<MySqlConnectionHandler>().
public sealed class MySqlConnectionHandler(
    IQueryHandler queryHandler,
    MySqlServerOptions options,
    ILogger<MySqlConnectionHandler> logger) : ConnectionHandler
{
    private int _lastConnectionId;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var id = (uint)Interlocked.Increment(ref _lastConnectionId);
        var session = new MySqlSession(connection.Transport, queryHandler, options, logger, id, ClientAddress(connection.RemoteEndPoint));

        // A graceful server shutdown asks connections to close; idle MySQL clients would otherwise hold it
        // for the whole shutdown timeout.
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, closeRequested);
        await session.RunAsync(stop.Token);
    }

    private static string ClientAddress(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4().ToString(),
        IPEndPoint ip => ip.Address.ToString(),
        _ => "localhost",
    };
}
