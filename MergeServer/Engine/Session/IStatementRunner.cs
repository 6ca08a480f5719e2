using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// What runs a session's parsed statements (Statements/StatementRunner): the session keeps the
// connection's state and the statement loop (errors, warnings, the transaction on failure), the
// executors it hands each statement to live in the folders above it.
public interface IStatementRunner
{
    // Runs one statement, its results into the sink.
    ValueTask ExecuteAsync(Statement statement, StatementContext context, IResultSink sink);

    // COM_STMT_PREPARE of a query: its result columns, planned once with every `?` NULL.
    ValueTask<IReadOnlyList<ResultColumn>> DescribeAsync(QueryStatement query, StatementContext context);
}
