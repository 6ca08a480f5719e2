using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.MergeServer.MySql;

// Turns the engine's results for one COM_QUERY or COM_STMT_EXECUTE into packets. Each result's terminal
// OK/EOF is held back until the next result (or the end of the command) shows whether MORE_RESULTS_EXISTS
// must be set. A session keeps one sink and starts it for each command (Start); the column definitions
// of a column list it has seen before (a prepared statement's kept plan) go out as bytes encoded once
// (ResultColumnEncodings).
public sealed class MySqlResultSink : IResultSink
{
    private readonly PacketWriter _writer;
    private readonly Func<ServerStatus> _status;
    private readonly bool _deprecateEof;
    private readonly int _flushBytes;
    private readonly ResultColumnEncodings _encodings = new();
    private CancellationToken _ct;
    private bool _binaryRows;
    private PendingKind _pending;
    private ulong _pendingAffected;
    private ulong _pendingLastInsertId;
    private string? _pendingInfo;
    private ushort _pendingWarnings;
    private ServerStatus _pendingStatus;
    private readonly Func<ushort>? _warnings;
    private ResultSetWriter? _open;
    private bool _anyResult;
    private bool _stopped;

    // warnings: how many conditions the statement being answered has raised so far (the EOF after its rows
    // carries it; an OK carries it or the count its caller passes, whichever is larger).
    public MySqlResultSink(PacketWriter writer, Func<ServerStatus> status, bool deprecateEof, int flushBytes, Func<ushort>? warnings = null)
    {
        _warnings = warnings;
        _writer = writer;
        _status = status;
        _deprecateEof = deprecateEof;
        _flushBytes = flushBytes;
    }

    // Starts the answer to one command. binaryRows: rows of a prepared statement's result
    // (COM_STMT_EXECUTE) in the binary protocol.
    public void Start(bool binaryRows, CancellationToken ct)
    {
        _binaryRows = binaryRows;
        _ct = ct;
        _pending = PendingKind.None;
        _pendingInfo = null;
        _open = null;
        _anyResult = false;
        _stopped = false;
    }

    private enum PendingKind
    {
        None,
        Ok,
        ResultSetEnd,
    }

    public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0)
    {
        if (_stopped)
        {
            return;
        }

        BeginResult();
        _pending = PendingKind.Ok;
        _pendingAffected = affectedRows;
        _pendingLastInsertId = lastInsertId;
        _pendingInfo = info;
        _pendingStatus = _status();
        _pendingWarnings = (ushort)Math.Min(Math.Max(warningCount, _warnings?.Invoke() ?? 0), ushort.MaxValue);
    }

    public void Error(QueryError error)
    {
        if (_stopped)
        {
            return;
        }

        // An ERR may also end a result set mid-stream (e.g. a ChunkServer failed while rows were flowing).
        _open = null;
        BeginResult();
        ErrorPayload.Write(_writer.Begin(), error.Code, error.SqlState, error.Message);
        _writer.End();
        _stopped = true;
    }

    public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns)
    {
        if (_stopped)
        {
            throw new InvalidOperationException("An error already ended this statement list.");
        }

        ArgumentOutOfRangeException.ThrowIfZero(columns.Count);
        BeginResult();
        ColumnCountPayload.Write(_writer.Begin(), columns.Count);
        _writer.End();
        MySqlColumnType[]? binaryTypes = null;
        if (_encodings.Find(columns) is { } encoded)
        {
            encoded.WriteTo(_writer);
            binaryTypes = _binaryRows ? encoded.Types : null;
        }
        else
        {
            foreach (var column in columns)
            {
                ColumnDefinitionPayload.Write(_writer.Begin(), ResultColumnDefinition.ToPayload(column));
                _writer.End();
            }

            binaryTypes = _binaryRows ? ResultColumnEncodings.TypesOf(columns) : null;
        }

        if (!_deprecateEof)
        {
            EofPayload.Write(_writer.Begin(), _status());
            _writer.End();
        }

        _open = new ResultSetWriter(this, columns.Count, binaryTypes);
        return _open;
    }

    // Called once the engine returns: writes the last terminal packet (without MORE_RESULTS_EXISTS).
    public void Complete()
    {
        if (_open is not null)
        {
            EndResultSet(_open);
        }

        if (!_anyResult)
        {
            Ok(0, 0);
        }

        WritePending(more: false);
    }

    private void BeginResult()
    {
        if (_open is not null)
        {
            throw new InvalidOperationException("The previous result set was not ended.");
        }

        _anyResult = true;
        WritePending(more: true);
    }

    private void EndResultSet(ResultSetWriter writer)
    {
        if (!ReferenceEquals(_open, writer))
        {
            return;
        }

        _open = null;
        _pending = PendingKind.ResultSetEnd;
        _pendingStatus = _status();
        _pendingWarnings = _warnings?.Invoke() ?? 0;
    }

    private void WritePending(bool more)
    {
        if (_pending == PendingKind.None)
        {
            return;
        }

        var status = more ? _pendingStatus | ServerStatus.MoreResultsExist : _pendingStatus;
        var payload = _writer.Begin();
        if (_pending == PendingKind.Ok)
        {
            OkPayload.Write(payload, _pendingAffected, _pendingLastInsertId, status, _pendingWarnings, _pendingInfo);
        }
        else if (_deprecateEof)
        {
            OkPayload.Write(payload, 0, 0, status, _pendingWarnings, asEof: true);
        }
        else
        {
            EofPayload.Write(payload, status, _pendingWarnings);
        }

        _writer.End();
        _pending = PendingKind.None;
    }

    private ValueTask FlushIfFull() =>
        _writer.UnflushedBytes >= _flushBytes ? _writer.FlushAsync(_ct) : default;

    // binaryTypes: each column's type when rows go out in the binary protocol; null = text rows.
    private sealed class ResultSetWriter(MySqlResultSink sink, int columnCount, MySqlColumnType[]? binaryTypes) : IResultSetWriter
    {
        public bool Binary => binaryTypes is not null;

        public ValueTask WriteRow(ReadOnlySpan<string?> values)
        {
            if (!ReferenceEquals(sink._open, this))
            {
                throw new InvalidOperationException("This result set has ended.");
            }

            if (values.Length != columnCount)
            {
                throw new ArgumentException($"Row has {values.Length} values, result set has {columnCount} columns.", nameof(values));
            }

            if (binaryTypes is null)
            {
                TextRowPayload.Write(sink._writer.Begin(), values);
            }
            else
            {
                BinaryRowPayload.Write(sink._writer.Begin(), binaryTypes, values);
            }

            sink._writer.End();
            return sink.FlushIfFull();
        }

        public ValueTask End()
        {
            sink.EndResultSet(this);
            return sink.FlushIfFull();
        }
    }
}
