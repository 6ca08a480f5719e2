using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Statements;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Session;

// One MySQL connection's SQL state: current database, variables, last insert id, transaction seam.
// A COM_QUERY may hold several statements: each runs in order with its own result; the first error
// ends the list.
public sealed class SqlSession : ISqlSession, ISessionFunctions
{
    private readonly SqlEngine _engine;
    private readonly SessionInfo _info;

    public SqlSession(SqlEngine engine, SessionInfo info)
    {
        _engine = engine;
        _info = info;
        Variables = new SessionVariables(engine.Options);
    }

    public string? CurrentDatabase { get; private set; }

    public bool InTransaction => Transaction.Active;

    public bool Autocommit => Variables.TryGet("autocommit", out var v) && ExprValues.IsTrue(v);

    public SessionVariables Variables { get; }

    public SessionTransaction Transaction { get; } = new();

    public ulong LastInsertId { get; set; }

    public string ServerVersion => _engine.Options.ServerVersion;

    public string UserAtHost => $"{_info.User}@{_info.ClientAddress}";

    public uint ConnectionId => _info.ConnectionId;

    public ObObj GetSystemVariable(VariableScope scope, string name) => Variables.Get(scope, name);

    public ObObj GetUserVariable(string name) => Variables.GetUser(name);

    public async ValueTask ExecuteAsync(string sql, IResultSink sink, CancellationToken ct)
    {
        IReadOnlyList<Statement> statements;
        try
        {
            statements = SqlParser.ParseScript(sql);
        }
        catch (SqlSyntaxException e)
        {
            sink.Error(new QueryError(e.ErrorCode, e.SqlState, e.Message));
            return;
        }
        if (statements.Count == 0)
        {
            sink.Error(new QueryError(1065, "42000", "Query was empty"));
            return;
        }
        foreach (var statement in statements)
        {
            if (await ExecuteOneAsync(statement, sink, ct) is { } error)
            {
                sink.Error(error);
                return;
            }
        }
    }

    public async ValueTask<QueryError?> UseDatabaseAsync(string database, CancellationToken ct)
    {
        try
        {
            await UseAsync(database, ct);
            return null;
        }
        catch (SqlError e)
        {
            return e.ToQueryError();
        }
        catch (ClusterUnavailableException e)
        {
            return Unavailable(e);
        }
    }

    public async ValueTask UseAsync(string database, CancellationToken ct)
    {
        var schema = await _engine.Schema.GetAsync(ct);
        if (!schema.HasDatabase(database))
            schema = await _engine.Schema.ForceRefreshAsync(ct);
        CurrentDatabase = schema.CanonicalDatabase(database)
                          ?? throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{database}'");
    }

    // Called by DROP DATABASE of the current database: MySQL then has no database selected.
    public void ForgetDatabase(string database)
    {
        if (string.Equals(CurrentDatabase, database, StringComparison.OrdinalIgnoreCase))
            CurrentDatabase = null;
    }

    public ValueTask DisposeAsync()
    {
        Transaction.Rollback();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<QueryError?> ExecuteOneAsync(Statement statement, IResultSink sink, CancellationToken ct)
    {
        try
        {
            var schema = await _engine.Schema.GetAsync(ct);
            var context = new StatementContext(_engine, this, schema, ct);
            await StatementDispatcher.ExecuteAsync(statement, context, sink);
            return null;
        }
        catch (SqlError e)
        {
            return e.ToQueryError();
        }
        catch (ExprException e)
        {
            var code = e.Code == 0 ? ErrorCodes.Unknown : e.Code;
            return new QueryError(code, ErrorCodes.SqlStateOf(code), e.Message);
        }
        catch (ClusterUnavailableException e)
        {
            return Unavailable(e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _engine.Logger.LogStatementFailure(e, statement);
            return new QueryError(ErrorCodes.Unknown, "HY000", $"internal error: {e.Message}");
        }
    }

    private static QueryError Unavailable(ClusterUnavailableException e) =>
        new(ErrorCodes.Unknown, "HY000", e.Message);
}
