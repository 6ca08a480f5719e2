using System.Runtime.CompilerServices;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Session;

// The prepared-statement half of a session: COM_STMT_PREPARE parses once (and plans a SELECT once,
// with every `?` NULL, to describe its columns); COM_STMT_EXECUTE runs the parsed statement with
// the values the client bound, through the same executors as a text query. SQL-level PREPARE keeps
// its statements here by name (Statements/SqlPrepareExecutor).
public sealed partial class SqlSession
{
    // Statements of SQL-level PREPARE, by name (names are case-insensitive, as in MySQL).
    public Dictionary<string, PreparedStatement> NamedStatements { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<PrepareResult> PrepareAsync(string sql, CancellationToken ct)
    {
        Statement statement;
        int parameterCount;
        try
        {
            (statement, parameterCount) = SqlParser.ParsePrepared(sql);
        }
        catch (SqlSyntaxException e)
        {
            return new PrepareResult(null, new QueryError(e.ErrorCode, e.SqlState, e.Message));
        }
        if (statement is not QueryStatement select)
            return new PrepareResult(new PreparedStatement(statement, parameterCount, []), null);
        try
        {
            var schema = await _engine.Schema.GetAsync(ct);
            var context = new StatementContext(_engine, this, schema, ct, new ObObj[parameterCount], planningOnly: true);
            var columns = await _engine.StatementRunner.DescribeAsync(select, context);
            return new PrepareResult(new PreparedStatement(statement, parameterCount, columns), null);
        }
        catch (SqlError e)
        {
            return new PrepareResult(null, e.ToQueryError());
        }
        catch (ExprException e)
        {
            return new PrepareResult(null, ExprError(e));
        }
        catch (ClusterUnavailableException e)
        {
            return new PrepareResult(null, Unavailable(e));
        }
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    public async ValueTask ExecutePreparedAsync(IPreparedStatement statement, IReadOnlyList<ObObj> parameters, IResultSink sink,
        CancellationToken ct)
    {
        var prepared = (PreparedStatement)statement;
        if (parameters.Count != prepared.ParameterCount)
        {
            sink.Error(new QueryError(ExprErrorCodes.IncorrectArguments, "HY000", "Incorrect arguments to mysqld_stmt_execute"));
            return;
        }
        if (await ExecuteOneAsync(prepared.Statement, sink, ct, parameters, prepared.Plan) is { } error)
            sink.Error(error);
    }
}
