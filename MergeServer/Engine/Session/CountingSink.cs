using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Session;

// Passes one statement's results through to the client while noting what ROW_COUNT() and FOUND_ROWS()
// report for it afterwards: the affected rows of an OK (-1 after a result set or an error), and the
// number of rows the statement's result set sent.
internal sealed class CountingSink(IResultSink inner, StatementWarnings warnings) : IResultSink, IResultSetWriter
{
    private IResultSetWriter? _rows;

    public long RowCount { get; private set; } = -1;

    public long? RowsSent { get; private set; }

    public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0)
    {
        RowCount = (long)Math.Min(affectedRows, long.MaxValue);
        inner.Ok(affectedRows, lastInsertId, info, Math.Max(warningCount, warnings.Count));
    }

    public void Error(QueryError error)
    {
        RowCount = -1;
        inner.Error(error);
    }

    public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns)
    {
        RowCount = -1;
        RowsSent = 0;
        _rows = inner.BeginResultSet(columns);
        return this;
    }

    public ValueTask WriteRow(ReadOnlySpan<string?> values)
    {
        RowsSent++;
        return _rows!.WriteRow(values);
    }

    public ValueTask End() => _rows!.End();

    public bool Binary => _rows!.Binary;
}
