using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// The engine's statement runner for its sessions: a statement goes to its executor through the
// dispatcher; a prepared query is described by its plan's columns.
public sealed class StatementRunner : IStatementRunner
{
    public ValueTask ExecuteAsync(Statement statement, StatementContext context, IResultSink sink) =>
        StatementDispatcher.ExecuteAsync(statement, context, sink);

    public async ValueTask<IReadOnlyList<ResultColumn>> DescribeAsync(QueryStatement query, StatementContext context) =>
        (await QueryPlanner.PlanAsync(query, context)).Columns;
}
