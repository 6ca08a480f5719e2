using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.Common.Protos;

namespace OceanClassic.MergeServer.MySql;

// Adapts a Kestrel connection to a MySqlSession; registered with listen.UseConnectionHandler<MySqlConnectionHandler>().
// It counts open client connections: beyond max_connections a new one gets error 1040 in place of the
// greeting (as MariaDB: sequence 0, no SQLSTATE, since no capabilities are agreed yet) and is closed.
public sealed class MySqlConnectionHandler(
    IQueryHandler queryHandler,
    MySqlServerOptions options,
    ILogger<MySqlConnectionHandler> logger) : ConnectionHandler
{
    private int _lastConnectionId;
    private int _open;
    private long _lastRefusalLogTicks;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var id = (uint)Interlocked.Increment(ref _lastConnectionId);
        try
        {
            if (Interlocked.Increment(ref _open) > options.MaxConnections)
            {
                await RefuseAsync(connection, id);
                return;
            }

            await ServeAsync(connection, id);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task ServeAsync(ConnectionContext connection, uint id)
    {
        var session = new MySqlSession(connection.Transport, queryHandler, options, logger, id, ClientAddress(connection.RemoteEndPoint));

        // A graceful server shutdown asks connections to close; idle MySQL clients would otherwise hold it
        // for the whole shutdown timeout.
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, closeRequested);
        await session.RunAsync(stop.Token);
    }

    private async Task RefuseAsync(ConnectionContext connection, uint id)
    {
        // One log line a second at most: a flood of refused connections must not flood the log.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastRefusalLogTicks);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastRefusalLogTicks, now, last) == last)
        {
            logger.LogWarning("MySQL connection {Id} from {Address} refused: max_connections ({Max}) reached",
                id, ClientAddress(connection.RemoteEndPoint), options.MaxConnections);
        }

        var payload = new ArrayBufferWriter<byte>();
        ErrorPayload.WriteWithoutState(payload, WireErrorCodes.TooManyConnections, "Too many connections");
        byte sequence = 0;
        PacketFramer.WritePacket(connection.Transport.Output, payload.WrittenSpan, ref sequence);
        try
        {
            await connection.Transport.Output.FlushAsync(connection.ConnectionClosed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client is gone already.
        }

        await connection.Transport.Output.CompleteAsync();
        await connection.Transport.Input.CompleteAsync();
    }

    private static string ClientAddress(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4().ToString(),
        IPEndPoint ip => ip.Address.ToString(),
        _ => "localhost",
    };
}
