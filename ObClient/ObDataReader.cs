using System.Collections;
using System.Data.Common;
using MySqlConnector;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient;

// The rows of an ObCommand, read by a MySqlDataReader: streamed from the socket one at a time, typed by
// column type (GetString also gives the text of a non-text value, ObDataReader.Text.cs). OK results
// between result sets are consumed, their affected rows summed into RecordsAffected. Closing it drains
// what the server still sends, so the connection stays usable.
public sealed partial class ObDataReader : DbDataReader
{
    private readonly ObCommand _command;
    private readonly MySqlCommand _driverCommand;
    private readonly MySqlDataReader _reader;

    internal ObDataReader(ObCommand command, MySqlCommand driverCommand, MySqlDataReader reader)
    {
        _command = command;
        _driverCommand = driverCommand;
        _reader = reader;
    }

    public override int Depth => 0;

    public override int FieldCount => _reader.FieldCount;

    public override bool HasRows => _reader.HasRows;

    public override bool IsClosed => _reader.IsClosed;

    public override int RecordsAffected => _reader.RecordsAffected;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => ReadAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw _command.Failed(e);
        }
    }

    public override bool NextResult() => NextResultAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        _textScales = null;
        try
        {
            return await _reader.NextResultAsync(cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw _command.Failed(e);
        }
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    public override async Task CloseAsync()
    {
        try
        {
            await _reader.CloseAsync();
        }
        catch (MySqlException e) when (e.SqlState is not null)
        {
            // A later statement failed; the caller chose not to look at it.
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw _command.Failed(e);
        }
        finally
        {
            _command.LastInsertedId = _driverCommand.LastInsertedId;
            await _driverCommand.DisposeAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    public override string GetName(int ordinal) => _reader.GetName(ordinal);

    public override int GetOrdinal(string name) => _reader.GetOrdinal(name);

    public override string GetDataTypeName(int ordinal) => _reader.GetDataTypeName(ordinal);

    public override Type GetFieldType(int ordinal) => _reader.GetFieldType(ordinal);

    public override bool IsDBNull(int ordinal) => _reader.IsDBNull(ordinal);

    public override object GetValue(int ordinal) => _reader.GetValue(ordinal);

    public override int GetValues(object[] values) => _reader.GetValues(values);

    public override long GetInt64(int ordinal) => _reader.GetInt64(ordinal);

    public ulong GetUInt64(int ordinal) => _reader.GetUInt64(ordinal);

    public override int GetInt32(int ordinal) => _reader.GetInt32(ordinal);

    public override short GetInt16(int ordinal) => _reader.GetInt16(ordinal);

    public override byte GetByte(int ordinal) => _reader.GetByte(ordinal);

    public override bool GetBoolean(int ordinal) => _reader.GetBoolean(ordinal);

    public override double GetDouble(int ordinal) => _reader.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => _reader.GetFloat(ordinal);

    public override decimal GetDecimal(int ordinal) => _reader.GetDecimal(ordinal);

    public override DateTime GetDateTime(int ordinal) => _reader.GetDateTime(ordinal);

    public TimeSpan GetTimeSpan(int ordinal) => _reader.GetTimeSpan(ordinal);

    public override Guid GetGuid(int ordinal) => _reader.GetGuid(ordinal);

    public override char GetChar(int ordinal) => _reader.GetChar(ordinal);


    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        _reader.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}
