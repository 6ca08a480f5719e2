namespace OceanClassic.MergeServer.MySql;

// Receives the results of one COM_QUERY, in statement order. The sink decides the MORE_RESULTS_EXISTS
// flag itself: each result's terminal OK/EOF is held back until it knows whether another result follows.
public interface IResultSink
{
    // warningCount: the OK packet's warning count (SHOW WARNINGS lists them).
    void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0);

    // An error ends the statement list; later results are ignored.
    void Error(QueryError error);

    // Then WriteRow for each row, then End.
    IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns);
}
