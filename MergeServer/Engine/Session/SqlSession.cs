using System.Diagnostics;
using System.Runtime.CompilerServices;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Session;

// One MySQL connection's SQL state: current database, variables, last insert id, transaction.
// A COM_QUERY may hold several statements: each runs in order with its own result; the first error
// ends the list. Inside a transaction a deadlock (1213) rolls the whole transaction back, as InnoDB
// does; a lock wait timeout (1205) fails only the statement; a transaction the UPS no longer knows
// (6010) is left. Closing the connection rolls an open transaction back.
public sealed partial class SqlSession : ISqlSession, ISessionFunctions
{
    private readonly IEngineServices _engine;
    private readonly SessionInfo _info;

    public SqlSession(IEngineServices engine, SessionInfo info)
    {
        _engine = engine;
        _info = info;
        Variables = new SessionVariables(engine.Options);
        Transaction = new SessionTransaction(engine.Gateway);
    }

    public string? CurrentDatabase { get; private set; }

    public bool InTransaction => Transaction.Active;

    public bool Autocommit => Variables.Autocommit;

    public SessionVariables Variables { get; }

    public SessionTransaction Transaction { get; }

    public ulong LastInsertId { get; set; }

    // ROW_COUNT(): the previous statement's affected rows (-1 after a SELECT or an error).
    public long RowCount { get; private set; } = -1;


    // FOUND_ROWS(): how many rows the last statement that returned rows returned.
    public ulong FoundRows { get; private set; }

    public string ServerVersion => _engine.Options.ServerVersion;

    public string UserAtHost => $"{_info.User}@{_info.ClientAddress}";

    public string User => _info.User;

    public string ClientAddress => _info.ClientAddress;

    // The host part of the account the login matched: CURRENT_USER() is User@AccountHost.
    public string AccountHost => _info.AccountHost;

    // The connection runs over TLS.
    public bool Secure => _info.TlsCipher is not null;

    public string? TlsCipher => _info.TlsCipher;

    public string? TlsVersion => _info.TlsVersion;

    private AccountPrivileges? _privileges;

    // The account's privileges as the given schema version holds them (a REVOKE reaches the session's
    // next statement once this MergeServer has loaded the version that made it).
    public AccountPrivileges PrivilegesFor(SchemaSnapshot schema)
    {
        var privileges = _privileges;
        if (privileges is not null && _privilegesVersion == schema.Version)
            return privileges;
        privileges = new AccountPrivileges(_engine.AccountsFor(schema).Find(_info.User, _info.AccountHost));
        _privileges = privileges;
        _privilegesVersion = schema.Version;
        return privileges;
    }

    private ulong _privilegesVersion;

    public uint ConnectionId => _info.ConnectionId;

    // The client's files, for LOAD DATA LOCAL INFILE (null: no client to ask).
    public ILocalInfileSource? LocalInfile => _info.LocalInfile;

    // The UPS transaction the current statement's writes join, started on first use; 0 = autocommit.
    public ValueTask<ulong> WriteTxIdAsync(CancellationToken ct)
    {
        if (!WritesInTransaction)
            return ValueTask.FromResult(0UL);
        if (Transaction.TxId == 0)
            Transaction.LockWaitTimeoutMs = LockWaitTimeoutMs();
        return Transaction.EnsureStartedAsync(ct);
    }

    // Whether this statement's writes belong to the session's transaction (BEGIN, or autocommit off)
    // rather than committing on their own.
    public bool WritesInTransaction => Transaction.Explicit || !Autocommit;

    // A write of this statement: in autocommit as it is; in the session's transaction joined to its UPS
    // transaction, or, when it is the transaction's first write, beginning it (SessionTransaction.ApplyBeginningAsync).
    public ValueTask<ApplyResponse> ApplyWriteAsync(ApplyRequest request, CancellationToken ct)
    {
        if (!WritesInTransaction)
            return _engine.Writer.ApplyAsync(request, ct);
        if (Transaction.TxId != 0)
        {
            request.TxId = Transaction.TxId;
            return _engine.Writer.ApplyAsync(request, ct);
        }
        Transaction.LockWaitTimeoutMs = LockWaitTimeoutMs();
        return Transaction.ApplyBeginningAsync(_engine.Writer, request, ct);
    }

    public ObObj GetSystemVariable(VariableScope scope, string name) => DiagnosticsVariable(name) ?? Variables.Get(scope, name);

    public ObObj GetUserVariable(string name) => Variables.GetUser(name);

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    public async ValueTask ExecuteAsync(string sql, IResultSink sink, CancellationToken ct)
    {
        IReadOnlyList<Statement> statements;
        try
        {
            var parseStarted = Stopwatch.GetTimestamp();
            statements = SqlParser.ParseScript(sql);
            MsStageTimers.Parse.Stop(parseStarted);
        }
        catch (SqlSyntaxException e)
        {
            RowCount = -1;
            var error = new QueryError(e.ErrorCode, e.SqlState, e.Message);
            RecordFailure(error);
            sink.Error(error);
            return;
        }
        if (statements.Count == 0)
        {
            // Only comments (e.g. an executable comment for a newer version) is a statement that does
            // nothing, as MariaDB answers it; nothing at all is 1065.
            if (string.IsNullOrWhiteSpace(sql))
                sink.Error(new QueryError(ErrorCodes.EmptyQuery, "42000", "Query was empty"));
            else
                sink.Ok(0, 0);
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
        if (string.Equals(database, SchemaSnapshot.InformationSchema, StringComparison.OrdinalIgnoreCase))
        {
            CurrentDatabase = SchemaSnapshot.InformationSchema;
            return;
        }
        var schema = await _engine.Schema.GetAsync(ct);
        if (!PrivilegesFor(schema).SeesDatabase(database))
            throw AccessCheck.DatabaseDenied(this, database);
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

    public async ValueTask DisposeAsync()
    {
        _engine.Sessions.TryRemove(new KeyValuePair<uint, SqlSession>(ConnectionId, this));
        _engine.NamedLocks.ReleaseAll(ConnectionId);
        _interrupt?.Dispose();
        if (Transaction.TxId == 0)
            return;
        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is SqlError or ClusterUnavailableException)
        {
            // The UPS rolls it back after its idle timeout anyway.
            _engine.Logger.LogRollbackFailed(e, ConnectionId);
        }
    }

    // innodb_lock_wait_timeout (seconds) when the session set it; otherwise the UPS default.
    internal int LockWaitTimeoutMs()
    {
        if (!Variables.WasSetBySession("innodb_lock_wait_timeout") || !Variables.TryGet("innodb_lock_wait_timeout", out var v) || !v.IsNumeric)
            return 0;
        return (int)Math.Clamp(v.ToDecimal() * 1000m, 1m, int.MaxValue);
    }

    private static bool CommitsImplicitly(Statement statement) => statement is CreateDatabaseStatement or DropDatabaseStatement
        or CreateTableStatement or DropTableStatement or CreateIndexStatement or DropIndexStatement;

    // What an error does to the open transaction.
    private async ValueTask OnTransactionErrorAsync(SqlError e)
    {
        if (!Transaction.Active)
            return;
        if (e.Code == ErrorCodes.TransactionNotFound)
        {
            Transaction.Abandon();
        }
        else if (e.Code == ErrorCodes.Deadlock)
        {
            try
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception re) when (re is SqlError or ClusterUnavailableException)
            {
                _engine.Logger.LogRollbackFailed(re, ConnectionId);
            }
        }
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private async ValueTask<QueryError?> ExecuteOneAsync(Statement statement, IResultSink sink, CancellationToken ct,
        IReadOnlyList<ObObj>? parameters = null, PreparedPlanSlot? prepared = null)
    {
        var conditions = BeginConditions();
        var error = await ExecuteOneAsync(statement, sink, conditions, ct, parameters, prepared);
        EndConditions(conditions, error);
        return error;
    }

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private async ValueTask<QueryError?> ExecuteOneAsync(Statement statement, IResultSink sink, StatementWarnings conditions,
        CancellationToken ct, IReadOnlyList<ObObj>? parameters, PreparedPlanSlot? prepared)
    {
        var statementCt = StatementToken(ct);
        using var schemaUse = _engine.Schema.Use();
        try
        {
            var schema = await _engine.Schema.GetAsync(statementCt);
            var context = new StatementContext(_engine, this, schema, statementCt, parameters)
            {
                StrictWrite = IsStrictWrite(statement), NonStrictWrite = IsNonStrictWrite(statement), DivisionByZeroWarns = DivisionByZeroWarns(),
                Warnings = conditions,
                SchemaUse = schemaUse,
                PreparedPlan = prepared,
            };
            CurrentStatement = statement;
            CommandSinceUtc = DateTime.UtcNow;
            await LockFunctionCalls.RunAsync(statement, context);
            if (CommitsImplicitly(statement))
                await Transaction.CommitAsync(ct);
            var counting = new CountingSink(sink, context.Warnings);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _engine.StatementRunner.ExecuteAsync(statement, context, counting);
                if (context.LastInsertIdSet is { } lastInsertId)
                    LastInsertId = lastInsertId;
            }
            finally
            {
                if (Transaction.TxId != 0 && Transaction.SchemaHold is null)
                    Transaction.SchemaHold = _engine.Schema.Use(schemaUse.Version);
                MsStageTimers.Statement.Stop(started);
                RowCount = counting.RowCount;
                if (context.FoundRowsBeforeLimit is { } found)
                    FoundRows = (ulong)found;
                else if (counting.RowsSent is { } sent)
                    FoundRows = (ulong)sent;
            }
            return null;
        }
        catch (SqlError e)
        {
            await OnTransactionErrorAsync(e);
            return e.ToQueryError();
        }
        catch (ExprException e)
        {
            return ExprError(e);
        }
        catch (ClusterUnavailableException e)
        {
            return Unavailable(e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (statementCt.IsCancellationRequested)
        {
            return new QueryError(ErrorCodes.QueryInterrupted, ErrorCodes.SqlStateOf(ErrorCodes.QueryInterrupted), "Query execution was interrupted");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _engine.Logger.LogStatementFailure(e, statement);
            return new QueryError(ErrorCodes.Unknown, "HY000", $"internal error: {e.Message}");
        }
        finally
        {
            CurrentStatement = null;
            CommandSinceUtc = DateTime.UtcNow;
        }
    }

    private static QueryError ExprError(ExprException e)
    {
        var code = e.Code == 0 ? ErrorCodes.Unknown : e.Code;
        return new QueryError(code, ErrorCodes.SqlStateOf(code), e.Message);
    }

    private static QueryError Unavailable(ClusterUnavailableException e) =>
        new(ErrorCodes.Unknown, "HY000", e.Message);
}
