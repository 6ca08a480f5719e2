using System.Collections;
using System.Data.Common;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.ObClient.Protocol;

namespace OceanClassic.ObClient;

// Streams a text-protocol response: rows are read from the socket one at a time. OK results between
// result sets are consumed (their affected rows summed into RecordsAffected).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response.html
public sealed partial class ObDataReader : DbDataReader
{
    private readonly ObCommand _command;
    private readonly ObConnection _connection;
    private readonly PacketChannel _channel;
    private ColumnDefinitionPayload[] _columns = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private ReadOnlyMemory<byte> _row;
    private bool _inRows;
    private bool _firstRowPending;
    private bool _hasRows;
    private bool _onRow;
    private bool _moreResults;
    private bool _closed;
    private int _recordsAffected = -1;

    private ObDataReader(ObCommand command, ObConnection connection, PacketChannel channel)
    {
        _command = command;
        _connection = connection;
        _channel = channel;
    }

    public override int Depth => 0;

    public override int FieldCount => _columns.Length;

    public override bool HasRows => _hasRows;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => _recordsAffected;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => ReadAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_firstRowPending)
        {
            _firstRowPending = false;
            _onRow = true;
            return true;
        }

        _onRow = _inRows && await ReadRowPacketAsync(cancellationToken);
        return _onRow;
    }

    public override bool NextResult() => NextResultAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await SkipRowsAsync(cancellationToken);
        _columns = [];
        _hasRows = false;
        return _moreResults && await ReadResultHeaderAsync(cancellationToken);
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    public override async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            // Drain what the server still sends so the connection stays usable.
            while (!_channel.IsBroken && (_inRows || _moreResults))
            {
                await SkipRowsAsync(CancellationToken.None);
                if (_moreResults)
                {
                    await ReadResultHeaderAsync(CancellationToken.None);
                }
            }
        }
        catch (ObException) when (!_channel.IsBroken)
        {
            // A later statement failed; the caller chose not to look at it.
        }
        finally
        {
            _closed = true;
            _columns = [];
            if (ReferenceEquals(_connection.ActiveReader, this))
            {
                _connection.ActiveReader = null;
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    internal static async Task<ObDataReader> CreateAsync(ObCommand command, ObConnection connection, CancellationToken ct)
    {
        var channel = await connection.SendQueryAsync(command.CommandText, ct);
        var reader = new ObDataReader(command, connection, channel);
        connection.ActiveReader = reader;
        try
        {
            await reader.ReadResultHeaderAsync(ct);
            return reader;
        }
        catch
        {
            await reader.CloseAsync();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    // Positions on the next result set, consuming OK results on the way; false when only OKs were left.
    private async Task<bool> ReadResultHeaderAsync(CancellationToken ct)
    {
        try
        {
            return await ReadResultHeaderCoreAsync(ct);
        }
        catch (MySqlProtocolException ex)
        {
            throw ObException.FromProtocolError(ex);
        }
    }

    private async Task<bool> ReadResultHeaderCoreAsync(CancellationToken ct)
    {
        while (true)
        {
            var payload = await _channel.ReadAsync(ct);
            switch (payload.Span[0])
            {
                case 0x00:
                    var ok = OkPayload.Create(payload.Span);
                    _recordsAffected = Math.Max(_recordsAffected, 0) + (int)Math.Min(ok.AffectedRows, int.MaxValue);
                    _command.LastInsertedId = (long)ok.LastInsertId;
                    _moreResults = ok.MoreResults;
                    if (_moreResults)
                    {
                        continue;
                    }

                    return false;
                case 0xff:
                    _moreResults = false;
                    throw ObException.FromErrorPayload(payload.Span);
                case 0xfb:
                    _channel.MarkBroken();
                    throw new ObException(ObException.ClientProtocolError, "HY000", "LOAD DATA LOCAL INFILE is not supported by ObClient.");
            }

            var count = ColumnCountPayload.Read(payload.Span);
            var columns = new ColumnDefinitionPayload[count];
            for (var i = 0; i < count; i++)
            {
                columns[i] = ColumnDefinitionPayload.Create((await _channel.ReadAsync(ct)).Span);
            }

            if (!EofPayload.IsEof((await _channel.ReadAsync(ct)).Span))
            {
                ObException.ThrowProtocol("expected EOF after the column definitions");
            }

            _columns = columns;
            _offsets = new int[count];
            _lengths = new int[count];
            _inRows = true;
            _onRow = false;
            _hasRows = await ReadRowPacketAsync(ct);
            _firstRowPending = _hasRows;
            return true;
        }
    }

    private async ValueTask<bool> ReadRowPacketAsync(CancellationToken ct)
    {
        var payload = await _channel.ReadAsync(ct);
        var span = payload.Span;
        if (EofPayload.IsEof(span))
        {
            _inRows = false;
            _moreResults = ReadEof(span).MoreResults;
            return false;
        }

        if (span[0] == 0xff)
        {
            _inRows = false;
            _moreResults = false;
            throw ObException.FromErrorPayload(span);
        }

        try
        {
            TextRowPayload.Read(span, _offsets, _lengths);
        }
        catch (MySqlProtocolException ex)
        {
            throw ObException.FromProtocolError(ex);
        }

        _row = payload;
        return true;
    }

    private static EofPayload ReadEof(ReadOnlySpan<byte> payload)
    {
        try
        {
            return EofPayload.Create(payload);
        }
        catch (MySqlProtocolException ex)
        {
            throw ObException.FromProtocolError(ex);
        }
    }

    private async ValueTask SkipRowsAsync(CancellationToken ct)
    {
        _firstRowPending = false;
        _onRow = false;
        while (_inRows)
        {
            await ReadRowPacketAsync(ct);
        }
    }
}
