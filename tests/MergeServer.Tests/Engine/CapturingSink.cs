using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// Records what the engine sends for one COM_QUERY.
public sealed class CapturingSink : IResultSink
{
    public List<object> Results { get; } = [];

    public QueryError? Failure { get; private set; }

    // Stand in for a COM_STMT_EXECUTE sink: result values are parsed back into binary form.
    public bool Binary { get; init; }

    public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0) =>
        Results.Add(new OkResult(affectedRows, lastInsertId, info, warningCount));

    public void Error(QueryError error)
    {
        Failure = error;
        Results.Add(error);
    }

    public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns)
    {
        var set = new ResultSet(columns, Binary);
        Results.Add(set);
        return set;
    }

    public sealed record OkResult(ulong AffectedRows, ulong LastInsertId, string? Info, int Warnings = 0);

    public sealed class ResultSet(IReadOnlyList<ResultColumn> columns, bool binary = false) : IResultSetWriter
    {
        public bool Binary => binary;

        public IReadOnlyList<ResultColumn> Columns { get; } = columns;

        public List<string?[]> Rows { get; } = [];

        public bool Ended { get; private set; }

        public ValueTask WriteRow(ReadOnlySpan<string?> values)
        {
            Rows.Add(values.ToArray());
            return ValueTask.CompletedTask;
        }

        public ValueTask End()
        {
            Ended = true;
            return ValueTask.CompletedTask;
        }
    }
}
