using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Engine.Statements;

// SQL-level prepared statements: PREPARE name FROM 'text' | @var parses once (a query is also planned, so
// a missing table or column fails the PREPARE, as in MariaDB) and keeps the statement in the session under
// its name (replacing one of the same name; a failed PREPARE leaves none); EXECUTE name USING @a, ... binds the `?`s
// in order and runs it through the same executors as a text query; DEALLOCATE / DROP PREPARE forgets it.
public static class SqlPrepareExecutor
{
    public static async ValueTask PrepareAsync(PrepareStatement s, StatementContext context, IResultSink sink)
    {
        var text = ExprEvaluator.Evaluate(context.Binder.Bind(s.Text, EmptyScope.Instance, "field list"), [], context.Eval);
        context.Session.NamedStatements.Remove(s.Name);
        Statement statement;
        int parameterCount;
        try
        {
            (statement, parameterCount) = SqlParser.ParsePrepared(text.ToText() ?? "NULL");
        }
        catch (SqlSyntaxException e)
        {
            throw SqlError.FromCode(e.ErrorCode, e.Message);
        }
        if (statement is PrepareStatement or ExecuteStatement or DeallocatePrepareStatement)
            throw SqlError.FromCode(ErrorCodes.UnsupportedPreparedStatement, "This command is not supported in the prepared statement protocol yet");
        if (statement is QueryStatement query)
            await QueryPlanner.PlanAsync(query, new StatementContext(context.Engine, context.Session, context.Schema, context.Ct,
                new ObObj[parameterCount], planningOnly: true));
        context.Session.NamedStatements[s.Name] = new PreparedStatement(statement, parameterCount, []);
        sink.Ok(0, 0, "Statement prepared");
    }

    public static async ValueTask ExecuteAsync(ExecuteStatement s, StatementContext context, IResultSink sink)
    {
        var prepared = Find(s.Name, "EXECUTE", context);
        if (s.Using.Count != prepared.ParameterCount)
            throw SqlError.FromCode(ErrorCodes.WrongArguments, "Incorrect arguments to EXECUTE");
        var values = new ObObj[s.Using.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = ExprEvaluator.Evaluate(context.Binder.Bind(s.Using[i], EmptyScope.Instance, "field list"), [], context.Eval);
        var inner = new StatementContext(context.Engine, context.Session, context.Schema, context.Ct, values) { PreparedPlan = prepared.Plan };
        await StatementDispatcher.ExecuteAsync(prepared.Statement, inner, sink);
    }

    public static void Deallocate(DeallocatePrepareStatement s, StatementContext context, IResultSink sink)
    {
        Find(s.Name, "DEALLOCATE PREPARE", context);
        context.Session.NamedStatements.Remove(s.Name);
        sink.Ok(0, 0);
    }

    private static PreparedStatement Find(string name, string command, StatementContext context) =>
        context.Session.NamedStatements.TryGetValue(name, out var prepared)
            ? prepared
            : throw SqlError.FromCode(ErrorCodes.UnknownStatementHandler, $"Unknown prepared statement handler ({name}) given to {command}");
}
