using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Session;

// What one statement works with: the engine, its session, the schema it was planned against, and the
// statement clock (NOW() is fixed per statement), and the values bound to a prepared statement's `?`s.
public sealed class StatementContext(IEngineServices engine, SqlSession session, SchemaSnapshot schema, CancellationToken ct,
    IReadOnlyList<ObObj>? parameters = null, bool planningOnly = false)
{
    // The clock is read when the statement starts; the session's time (SessionClock) and the binder are only
    // paid for by statements that evaluate expressions (a plain INSERT ... VALUES does not).
    private readonly DateTime _startedUtc = DateTime.UtcNow;
    private EvalContext? _eval;
    private ExprBinder? _binder;
    private ReadSnapshot? _readSnapshot;
    private SubqueryCache? _subqueries;
    private JoinMemoryBudget? _joinMemory;
    private SortMemoryBudget? _sortMemory;

    public IEngineServices Engine { get; } = engine;

    public SqlSession Session { get; } = session;

    public SchemaSnapshot Schema { get; private set; } = schema;

    // The statement's hold on its schema version (SchemaCache.Use); an online index build lets go of it
    // while it waits for every statement on older schemas to end.
    public SchemaUse? SchemaUse { get; init; }

    public EvalContext Eval => _eval ??= NewEvalContext();

    private EvalContext NewEvalContext()
    {
        var (local, offset) = SessionClock.At(Session.Variables, _startedUtc);
        return new EvalContext(local)
        {
            UtcOffset = offset, DivisionByZeroIsError = StrictWrite, DivisionByZeroWarns = DivisionByZeroWarns, Warnings = Warnings,
        };
    }

    // The offset a value written to `column` is converted with: the session zone's offset from UTC at the
    // statement's instant for a TIMESTAMP (stored as UTC), zero for any other column (so a statement that
    // writes no TIMESTAMP never reads the session clock).
    public TimeSpan ZoneOffsetFor(ColumnSchema column) => column.Type == ColumnType.Timestamp ? Eval.UtcOffset : TimeSpan.Zero;

    // What a LAST_INSERT_ID(expr) of the statement set, if it evaluated one.
    public ulong? LastInsertIdSet => _eval?.LastInsertIdSet;

    // The statement's notes and warnings (SHOW WARNINGS after it).
    public StatementWarnings Warnings { get; init; } = new();

    // sql_mode has ERROR_FOR_DIVISION_BY_ZERO: a division by zero that is not an error warns 1365.
    public bool DivisionByZeroWarns { get; init; }

    // The statement reads or writes a table (also a SHOW that MariaDB answers from information_schema):
    // its conditions replace the previous statement's even when there are none.
    public void MarkTablesUsed() => Warnings.ClearsPrevious = true;

    // A data-changing statement under a strict sql_mode with ERROR_FOR_DIVISION_BY_ZERO: a division by
    // zero anywhere in it fails it with 1365 (MySQL), where a SELECT gets NULL.
    public bool StrictWrite { get; init; }

    // A data-changing statement under an sql_mode without STRICT_TRANS_TABLES / STRICT_ALL_TABLES: values
    // strict mode refuses are stored adjusted with a warning (LenientColumnValues), as MariaDB does.
    public bool NonStrictWrite { get; init; }

    public ExprBinder Binder => _binder ??= new ExprBinder(Session, parameters)
    {
        Subqueries = Subqueries, PlanningOnly = PlanningOnly, ParameterLiterals = PreparedPlan is null ? null : [],
    };

    // The values bound to a prepared statement's `?`s (null for a text statement).
    public IReadOnlyList<ObObj>? Parameters => parameters;

    // The prepared statement being executed, whose plan the planner may keep for its next execution
    // (null for a text statement, a subquery's own context, a rerun).
    public PreparedPlanSlot? PreparedPlan { get; init; }

    // Every table a SELECT reads (joined tables, subqueries) is read at one version: the first
    // ChunkServer answer fixes it. Inside a transaction the reads see its own writes.
    public ReadSnapshot ReadSnapshot => _readSnapshot ??= new ReadSnapshot(0, Session.Transaction.TxId);

    // Subquery results of this statement (uncorrelated ones run once, correlated ones once per outer values).
    public SubqueryCache Subqueries => _subqueries ??= new SubqueryCache();

    // Memory the statement's joins, set operations and subquery results hold (ms_join_memory_limit).
    public JoinMemoryBudget JoinMemory => _joinMemory ??= new JoinMemoryBudget(Engine.Options.JoinMemoryLimit);

    // Memory the statement's ORDER BY, GROUP BY and DISTINCT rows hold (ms_sort_memory_limit).
    public SortMemoryBudget SortMemory => _sortMemory ??= new SortMemoryBudget(Engine.Options.SortMemoryLimit);

    // COM_STMT_PREPARE plans a SELECT only to describe its columns; every `?` is NULL then.
    public bool PlanningOnly { get; } = planningOnly;

    // LIMIT n or LIMIT ?: a non-negative integer; null = no limit (also a `?` while only planning).
    public long? LimitValue(Expr e, string clause)
    {
        switch (e)
        {
            case Int64Literal i when i.Value >= 0:
                return i.Value;
            case UInt64Literal u:
                return u.Value > long.MaxValue ? long.MaxValue : (long)u.Value;
            case ParameterMarker p:
                var value = Binder.Parameter(p);
                if (value.IsNull && PlanningOnly)
                    return null;
                if (value.Type == ObType.Int && value.Int >= 0)
                    return value.Int;
                if (value.Type == ObType.UInt)
                    return (long)Math.Min(value.UInt, long.MaxValue);
                // Drivers bind JavaScript numbers as DOUBLE (mysql2) and some bind text: a whole,
                // non-negative number is accepted as MySQL 8 does.
                if (value.Type is ObType.Double or ObType.Decimal or ObType.String && value.ToDouble() is var d
                    && double.IsFinite(d) && d >= 0 && d == Math.Floor(d)
                    && (value.Type != ObType.String || double.TryParse(value.String, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
                    return d >= long.MaxValue ? long.MaxValue : (long)d;
                throw SqlError.FromCode(ExprErrorCodes.IncorrectArguments, $"Incorrect arguments to {clause}");
            default:
                throw SqlError.FromCode(ErrorCodes.ParseError, $"{clause} takes non-negative integer constants");
        }
    }

    public CancellationToken Ct { get; } = ct;

    // SELECT SQL_CALC_FOUND_ROWS ... LIMIT: how many rows it had before the LIMIT (FOUND_ROWS() after it).
    public long? FoundRowsBeforeLimit { get; set; }

    // The same statement run again from scratch (a multi-table UPDATE/DELETE redone under row locks):
    // reads at `snapshot`, subqueries evaluated afresh, warnings into this statement's list.
    public StatementContext Rerun(ReadSnapshot snapshot) =>
        new(Engine, Session, Schema, Ct, parameters, PlanningOnly)
        {
            StrictWrite = StrictWrite, NonStrictWrite = NonStrictWrite, DivisionByZeroWarns = DivisionByZeroWarns, Warnings = Warnings,
            _readSnapshot = snapshot,
        };

    public string RequireDatabase(string? explicitDatabase)
    {
        var db = explicitDatabase ?? Session.CurrentDatabase;
        if (db is null)
            SqlError.Throw(ErrorCodes.NoDatabaseSelected, "No database selected");
        return db;
    }

    // The table, reloading the schema once before reporting 1146 (another MergeServer may have created it).
    // The account's privileges in this statement's schema version (Accounts/Access checks them).
    public AccountPrivileges Privileges => Session.PrivilegesFor(Schema);

    // The databases the account may see (SHOW DATABASES, information_schema).
    public IEnumerable<string> VisibleDatabases()
    {
        var privileges = Privileges;
        return privileges.Unrestricted ? Schema.Databases : Schema.Databases.Where(privileges.SeesDatabase);
    }

    // SHOW CREATE TABLE and the like: any privilege on the table ("SHOW command denied" otherwise).
    public ValueTask<TableSchema> ResolveShownTableAsync(TableName name)
    {
        var db = RequireDatabase(name.Schema);
        AccessCheck.RequireAnyOnTable(this, db, name.Name, "SHOW");
        return ResolveTableAsync(name, Privilege.None);
    }

    // The table, after checking the account holds `needed` on it (1142 otherwise, before the lookup).
    public ValueTask<TableSchema> ResolveTableAsync(TableName name, Privilege needed = Privilege.Select)
    {
        MarkTablesUsed();
        var db = RequireDatabase(name.Schema);
        AccessCheck.RequireTable(this, db, name.Name, needed);
        return Schema.FindTable(db, name.Name) is { } table ? ValueTask.FromResult(table) : ReloadAndResolveAsync(db, name);
    }

    private async ValueTask<TableSchema> ReloadAndResolveAsync(string db, TableName name)
    {
        Schema = await Engine.Schema.ForceRefreshAsync(Ct);
        return Schema.FindTable(db, name.Name)
               ?? throw SqlError.FromCode(ErrorCodes.NoSuchTable, $"Table '{db}.{name.Name}' doesn't exist");
    }

    public async ValueTask RefreshSchemaAsync() => Schema = await Engine.Schema.ForceRefreshAsync(Ct);
}
