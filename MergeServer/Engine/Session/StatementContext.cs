using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Session;

// What one statement works with: the engine, its session, the schema it was planned against, and the
// statement clock (NOW() is fixed per statement).
public sealed class StatementContext(SqlEngine engine, SqlSession session, SchemaSnapshot schema, CancellationToken ct)
{
    // The clock is read when the statement starts; the local-time conversion and the binder are only
    // paid for by statements that evaluate expressions (a plain INSERT ... VALUES does not).
    private readonly DateTime _startedUtc = DateTime.UtcNow;
    private EvalContext? _eval;
    private ExprBinder? _binder;

    public SqlEngine Engine { get; } = engine;

    public SqlSession Session { get; } = session;

    public SchemaSnapshot Schema { get; private set; } = schema;

    public EvalContext Eval => _eval ??= new EvalContext(_startedUtc.ToLocalTime());

    public ExprBinder Binder => _binder ??= new ExprBinder(Session);

    public CancellationToken Ct { get; } = ct;

    public string RequireDatabase(string? explicitDatabase)
    {
        var db = explicitDatabase ?? Session.CurrentDatabase;
        if (db is null)
            SqlError.Throw(ErrorCodes.NoDatabaseSelected, "No database selected");
        return db;
    }

    // The table, reloading the schema once before reporting 1146 (another MergeServer may have created it).
    public ValueTask<TableSchema> ResolveTableAsync(TableName name)
    {
        var db = RequireDatabase(name.Schema);
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
