using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace OceanClassic.MergeServer.MySql;

// Adapts a Kestrel connection to a MySqlSession; registered with listen.UseConnectionHandler<MySqlConnectionHandler>().
public sealed class MySqlConnectionHandler(
    IQueryHandler queryHandler,
    MySqlServerOptions options,
    ILogger<MySqlConnectionHandler> logger) : ConnectionHandler
{
    private int _lastConnectionId;

    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var id = (uint)Interlocked.Increment(ref _lastConnectionId);
        var session = new MySqlSession(connection.Transport, queryHandler, options, logger, id, ClientAddress(connection.RemoteEndPoint));
        return session.RunAsync(connection.ConnectionClosed);
    }

    private static string ClientAddress(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4().ToString(),
        IPEndPoint ip => ip.Address.ToString(),
        _ => "localhost",
    };
}
