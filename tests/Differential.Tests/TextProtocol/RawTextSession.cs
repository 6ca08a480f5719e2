using System.Net.Sockets;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Configuration;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.TextProtocol;

// A MySQL session that hands back every result value as the exact bytes the server sent. A driver
// (ObClient, MySqlConnector) converts the text protocol's values to .NET values; the differential tests
// compare the servers' own text, so they read COM_QUERY responses here: OK results (affected rows
// summed), result sets (column labels, rows of byte strings, null for SQL NULL), one after another
// until the last. The connection string is ObClient's (Server, Port, User, Password, Database,
// ConnectTimeout, CommandTimeout). Failures are ObExceptions: the server's error code and SQLSTATE; 2003
// when it cannot connect; 2013 when the server went away or did not answer within CommandTimeout, and
// 2027 for a packet that cannot be read, both of which leave the session broken.
public sealed class RawTextSession : IAsyncDisposable
{
    public sealed record ResultSet(IReadOnlyList<string> Columns, IReadOnlyList<byte[]?[]> Rows);

    public sealed record Response(long AffectedRows, IReadOnlyList<ResultSet> ResultSets);

    private readonly PacketChannel _channel;
    private readonly TimeSpan _commandTimeout;

    private RawTextSession(PacketChannel channel, TimeSpan commandTimeout)
    {
        _channel = channel;
        _commandTimeout = commandTimeout;
    }

    public bool IsBroken => _channel.IsBroken;

    public static async Task<RawTextSession> OpenAsync(string connectionString, CancellationToken ct)
    {
        var settings = ObConnectionSettings.Parse(connectionString);
        var server = settings.Servers[0];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        PacketChannel? channel = null;
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, timeout.Token);
            channel = new PacketChannel(socket, settings.MaxPacketBytes);
            await Handshake.RunAsync(channel, settings.User, settings.Password, settings.Database, settings.MaxPacketBytes, timeout.Token);
            return new RawTextSession(channel, settings.CommandTimeout);
        }
        catch (Exception ex) when (ex is SocketException or IOException
            || (ex is ObException { ErrorCode: ObException.ServerLost or ObException.ClientProtocolError })
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await CloseAsync(channel, socket);
            throw new ObException(ObException.CannotConnect, "08001",
                $"Unable to connect to {server} ({(ex is OperationCanceledException ? "timed out" : ex.Message)}).", ex);
        }
        catch
        {
            await CloseAsync(channel, socket);
            throw;
        }
    }

    // One COM_QUERY (it may hold several statements) and its whole response.
    public async Task<Response> QueryAsync(string sql, CancellationToken ct)
    {
        if (_channel.IsBroken)
            throw new InvalidOperationException("The session is broken; open a new one.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_commandTimeout);
        try
        {
            _channel.Sequence = 0;
            var writer = _channel.BeginPacket();
            writer.WriteByte((byte)CommandCode.Query);
            writer.WriteString(sql);
            _channel.EndPacket();
            await _channel.FlushAsync(timeout.Token);
            return await ReadResponseAsync(timeout.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            _channel.MarkBroken();
            throw new ObException(ObException.ServerLost, "HY000", $"No answer within {_commandTimeout.TotalSeconds} s; the session is closed.", ex);
        }
        catch (MySqlProtocolException ex)
        {
            _channel.MarkBroken();
            throw RawErrors.Protocol(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_channel.IsBroken)
        {
            try
            {
                _channel.Sequence = 0;
                _channel.BeginPacket().WriteByte((byte)CommandCode.Quit);
                _channel.EndPacket();
                await _channel.FlushAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is ObException or IOException or SocketException)
            {
            }
        }
        await _channel.DisposeAsync();
    }

    // Until an OK or EOF without SERVER_MORE_RESULTS_EXISTS; an ERR ends the response (later
    // statements of the list do not run).
    private async Task<Response> ReadResponseAsync(CancellationToken ct)
    {
        long affected = 0;
        var sets = new List<ResultSet>();
        while (true)
        {
            var payload = await _channel.ReadAsync(ct);
            switch (payload.Span[0])
            {
                case 0x00:
                    var ok = OkPayload.Create(payload.Span);
                    affected += (long)ok.AffectedRows;
                    if (ok.MoreResults)
                        continue;
                    return new Response(affected, sets);
                case 0xff:
                    throw RawErrors.FromErrorPayload(payload.Span);
                case 0xfb:
                    _channel.MarkBroken();
                    throw new ObException(ObException.ClientProtocolError, "HY000", "LOAD DATA LOCAL INFILE is not supported here.");
            }
            var (set, more) = await ReadResultSetAsync(ColumnCountPayload.Read(payload.Span), ct);
            sets.Add(set);
            if (!more)
                return new Response(affected, sets);
        }
    }

    private async Task<(ResultSet Set, bool MoreResults)> ReadResultSetAsync(int count, CancellationToken ct)
    {
        var columns = new string[count];
        for (var i = 0; i < count; i++)
            columns[i] = ColumnDefinitionPayload.Create((await _channel.ReadAsync(ct)).Span).Name;
        if (!EofPayload.IsEof((await _channel.ReadAsync(ct)).Span))
            throw RawErrors.Protocol("expected EOF after the column definitions");
        var offsets = new int[count];
        var lengths = new int[count];
        var rows = new List<byte[]?[]>();
        while (true)
        {
            var span = (await _channel.ReadAsync(ct)).Span;
            if (EofPayload.IsEof(span))
                return (new ResultSet(columns, rows), EofPayload.Create(span).MoreResults);
            if (span[0] == 0xff)
                throw RawErrors.FromErrorPayload(span);
            TextRowPayload.Read(span, offsets, lengths);
            var row = new byte[]?[count];
            for (var i = 0; i < count; i++)
                row[i] = lengths[i] < 0 ? null : span.Slice(offsets[i], lengths[i]).ToArray();
            rows.Add(row);
        }
    }

    private static async ValueTask CloseAsync(PacketChannel? channel, Socket socket)
    {
        if (channel is not null)
            await channel.DisposeAsync();
        socket.Dispose();
    }
}
