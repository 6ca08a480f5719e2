using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.MySql;

// Per-connection engine state; disposed when the connection closes (e.g. to roll back an open transaction).
public interface ISqlSession : IAsyncDisposable
{
    string? CurrentDatabase { get; }

    bool InTransaction { get; }

    bool Autocommit { get; }

    // The notes, warnings and errors the statement being answered has raised so far (OK/EOF packets).
    int StatementWarningCount { get; }

    // One call per COM_QUERY; the engine splits multi-statements itself and writes each result in order.
    ValueTask ExecuteAsync(string sql, IResultSink sink, CancellationToken ct);

    // COM_STMT_PREPARE: one statement parsed (and a query planned) once; Error is set when it cannot be.
    ValueTask<PrepareResult> PrepareAsync(string sql, CancellationToken ct);

    // COM_STMT_EXECUTE: runs a prepared statement with one value per `?`.
    ValueTask ExecutePreparedAsync(IPreparedStatement statement, IReadOnlyList<ObObj> parameters, IResultSink sink, CancellationToken ct);

    // COM_INIT_DB; null = ok, else the error to send (e.g. 1049).
    ValueTask<QueryError?> UseDatabaseAsync(string database, CancellationToken ct);
}
