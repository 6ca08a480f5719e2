using System.Buffers;
using System.Runtime.CompilerServices;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.MySql;

// The prepared-statement commands (binary protocol): COM_STMT_PREPARE, _EXECUTE, _SEND_LONG_DATA,
// _RESET, _CLOSE and _FETCH. Statements belong to the connection and end with it (or with
// COM_RESET_CONNECTION).
public sealed partial class MySqlSession
{
    // MySQL's default max_prepared_stmt_count, applied per connection.
    public const int MaxPreparedStatements = 16382;

    private static readonly ResultColumn ParameterColumn = new("?", MySqlColumnType.VarString);

    private readonly Dictionary<uint, StatementSlot> _statements = [];
    private uint _lastStatementId;

    private async ValueTask PrepareStatementAsync(string sql, CancellationToken ct)
    {
        _questions++;
        if (_statements.Count >= MaxPreparedStatements)
        {
            await SendErrorAsync(WireErrorCodes.MaxPreparedStatementCount, "42000",
                $"Can't create more than max_prepared_stmt_count statements (current value: {MaxPreparedStatements})", ct);
            return;
        }

        var (statement, error) = await _sql!.PrepareAsync(sql, ct);
        if (statement is null)
        {
            var e = error ?? new QueryError(WireErrorCodes.Unknown, "HY000", "statement could not be prepared");
            await SendErrorAsync(e.Code, e.SqlState, e.Message, ct);
            return;
        }

        if (statement.ParameterCount > ushort.MaxValue || statement.Columns.Count > ushort.MaxValue)
        {
            await SendErrorAsync(WireErrorCodes.TooManyPlaceholders, "HY000", "Prepared statement contains too many placeholders", ct);
            return;
        }

        var id = ++_lastStatementId;
        _statements[id] = new StatementSlot(statement);
        StatementPrepareOkPayload.Write(_writer.Begin(), id, statement.Columns.Count, statement.ParameterCount);
        _writer.End();
        for (var i = 0; i < statement.ParameterCount; i++)
        {
            WriteColumnDefinition(ParameterColumn);
        }

        WriteDefinitionsEnd(statement.ParameterCount);
        foreach (var column in statement.Columns)
        {
            WriteColumnDefinition(column);
        }

        WriteDefinitionsEnd(statement.Columns.Count);
        await _writer.FlushAsync(ct);
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    private async ValueTask ExecuteStatementAsync(ReadOnlyMemory<byte> argument, CancellationToken ct)
    {
        _questions++;
        if (FindStatement(argument.Span, out var id) is not { } slot)
        {
            await SendErrorAsync(WireErrorCodes.UnknownStatementHandler, "HY000", $"Unknown prepared statement handler ({id}) given to mysqld_stmt_execute", ct);
            return;
        }

        if (slot.LongDataTooLarge)
        {
            slot.ClearLongData();
            await SendErrorAsync(WireErrorCodes.NetPacketTooLarge, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes", ct);
            return;
        }

        Common.Types.ObObj[] parameters;
        try
        {
            parameters = StatementExecuteRequest.ReadParameters(argument.Span, slot.Statement.ParameterCount, ref slot.Types, slot.LongData);
        }
        catch (MySqlProtocolException)
        {
            slot.ClearLongData();
            await SendErrorAsync(WireErrorCodes.WrongArguments, "HY000", "Incorrect arguments to mysqld_stmt_execute", ct);
            return;
        }

        slot.ClearLongData();
        await RespondAsync((slot.Statement, parameters),
            static (session, bound, sink, token) => session.ExecutePreparedAsync(bound.Statement, bound.parameters, sink, token), binaryRows: true, ct);
    }

    // No response, as in MySQL: an unknown statement or parameter is reported by the next execute.
    private void SendLongData(ReadOnlySpan<byte> argument)
    {
        var reader = new PayloadReader(argument);
        var id = reader.ReadUInt32();
        var parameter = reader.ReadUInt16();
        if (!_statements.TryGetValue(id, out var slot))
        {
            return;
        }

        slot.AppendLongData(parameter, reader.ReadRemaining(), _options.MaxPacketBytes);
    }

    private ValueTask ResetStatementAsync(ReadOnlySpan<byte> argument, CancellationToken ct)
    {
        if (FindStatement(argument, out var id) is not { } slot)
        {
            return SendErrorAsync(WireErrorCodes.UnknownStatementHandler, "HY000", $"Unknown prepared statement handler ({id}) given to mysqld_stmt_reset", ct);
        }

        slot.ClearLongData();
        return SendOkAsync(ct);
    }

    private void CloseStatement(ReadOnlySpan<byte> argument) => _statements.Remove(new PayloadReader(argument).ReadUInt32());

    // Results are never left open in a cursor: an execute sends every row at once.
    private ValueTask FetchStatementAsync(ReadOnlySpan<byte> argument, CancellationToken ct)
    {
        var id = new PayloadReader(argument).ReadUInt32();
        return _statements.ContainsKey(id)
            ? SendErrorAsync(WireErrorCodes.NoOpenCursor, "HY000", $"The statement ({id}) has no open cursor.", ct)
            : SendErrorAsync(WireErrorCodes.UnknownStatementHandler, "HY000", $"Unknown prepared statement handler ({id}) given to mysqld_stmt_fetch", ct);
    }

    private StatementSlot? FindStatement(ReadOnlySpan<byte> argument, out uint id)
    {
        id = StatementExecuteRequest.StatementId(argument);
        return _statements.GetValueOrDefault(id);
    }

    private void WriteColumnDefinition(ResultColumn column)
    {
        ColumnDefinitionPayload.Write(_writer.Begin(), ResultColumnDefinition.ToPayload(column));
        _writer.End();
    }

    private void WriteDefinitionsEnd(int definitions)
    {
        if (definitions == 0 || (_clientCapabilities & CapabilityFlags.DeprecateEof) != 0)
        {
            return;
        }

        EofPayload.Write(_writer.Begin(), Status());
        _writer.End();
    }

    private sealed class StatementSlot(IPreparedStatement statement)
    {
        public IPreparedStatement Statement { get; } = statement;

        // The parameter types the last execute bound (an execute may reuse them without resending).
        public ushort[]? Types;

        public ArrayBufferWriter<byte>?[]? LongData { get; private set; }

        public bool LongDataTooLarge { get; private set; }

        public void AppendLongData(int parameter, ReadOnlySpan<byte> chunk, int limit)
        {
            if (parameter >= Statement.ParameterCount)
            {
                return;
            }

            LongData ??= new ArrayBufferWriter<byte>?[Statement.ParameterCount];
            var data = LongData[parameter] ??= new ArrayBufferWriter<byte>();
            if ((long)data.WrittenCount + chunk.Length > limit)
            {
                LongDataTooLarge = true;
                return;
            }

            data.Write(chunk);
        }

        public void ClearLongData()
        {
            LongData = null;
            LongDataTooLarge = false;
        }
    }
}
