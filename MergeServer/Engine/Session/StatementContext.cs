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
    public SqlEngine Engine { get; } = engine;

    public SqlSession Session { get; } = session;

    public SchemaSnapshot Schema { get; private set; } = schema;

    public EvalContext Eval { get; } = EvalContext.AtNow();

    public ExprBinder Binder { get; } = new(session);

    public CancellationToken Ct { get; } = ct;

    public string RequireDatabase(string? explicitDatabase)
    {
        var db = explicitDatabase ?? Session.CurrentDatabase;
        if (db is null)
            SqlError.Throw(ErrorCodes.NoDatabaseSelected, "No database selected");
        return db;
    }

    // The table, reloading the schema once before reporting 1146 (another MergeServer may have created it).
    public async ValueTask<TableSchema> ResolveTableAsync(TableName name)
    {
        var db = RequireDatabase(name.Schema);
        if (Schema.FindTable(db, name.Name) is { } table)
            return table;
        Schema = await Engine.Schema.ForceRefreshAsync(Ct);
        return Schema.FindTable(db, name.Name)
               ?? throw SqlError.FromCode(ErrorCodes.NoSuchTable, $"Table '{db}.{name.Name}' doesn't exist");
    }

    public async ValueTask RefreshSchemaAsync() => Schema = await Engine.Schema.ForceRefreshAsync(Ct);
}
