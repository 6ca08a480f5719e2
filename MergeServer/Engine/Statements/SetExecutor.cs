using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// SET statements: values are stored as session variables (GLOBAL too, per session: there is no global
// variable store yet). autocommit=0 makes every later statement run in an implicit transaction until
// COMMIT/ROLLBACK; switching autocommit from 0 back to 1 commits the open one (as MySQL).
public static class SetExecutor
{
    public static async ValueTask SetAsync(SetStatement s, StatementContext context, IResultSink sink)
    {
        var wasAutocommit = context.Session.Autocommit;
        // Every value is computed before any is assigned (SET @old = @@x, x = 0 saves the old x), as MariaDB.
        var values = new ObObj?[s.Assignments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = s.Assignments[i].Value switch
            {
                DefaultValue => null,
                Literal l => ExprBinder.LiteralValue(l),
                ColumnRef { Table: null } word => ObObj.FromString(word.Column), // SET sql_mode = ANSI
                var e => ExprEvaluator.Evaluate(context.Binder.Bind(e, EmptyScope.Instance, "field list"), [], context.Eval),
            };
        }
        for (var i = 0; i < values.Length; i++)
        {
            switch (s.Assignments[i].Variable)
            {
                case SystemVariable v:
                    context.Session.Variables.SetBySession(v.Name, values[i]);
                    break;
                case UserVariable u:
                    context.Session.Variables.SetUser(u.Name, values[i] ?? ObObj.Null);
                    break;
                default:
                    throw BindErrors.NotSupported(s.Assignments[i].ToSql());
            }
        }
        if (!wasAutocommit && context.Session.Autocommit)
            await context.Session.Transaction.CommitAsync(context.Ct);
        sink.Ok(0, 0);
    }

    public static void SetNames(string? charset, string? collation, StatementContext context, IResultSink sink)
    {
        var cs = charset ?? "utf8mb4";
        foreach (var name in new[] { "character_set_client", "character_set_connection", "character_set_results" })
            context.Session.Variables.Set(name, cs);
        context.Session.Variables.Set("collation_connection", collation ?? DefaultCollation(cs));
        sink.Ok(0, 0);
    }

    private static string DefaultCollation(string charset) => charset.ToLowerInvariant() switch
    {
        "binary" => "binary",
        "latin1" => "latin1_swedish_ci",
        "utf8" or "utf8mb3" => "utf8mb3_general_ci",
        "ascii" => "ascii_general_ci",
        _ => "utf8mb4_general_ci",
    };

    public static void SetTransaction(SetTransactionStatement s, StatementContext context, IResultSink sink)
    {
        if (s.Isolation is { } level)
        {
            var text = level switch
            {
                Sql.Ast.IsolationLevel.ReadUncommitted => "READ-UNCOMMITTED",
                Sql.Ast.IsolationLevel.ReadCommitted => "READ-COMMITTED",
                Sql.Ast.IsolationLevel.RepeatableRead => "REPEATABLE-READ",
                _ => "SERIALIZABLE",
            };
            context.Session.Variables.Set("transaction_isolation", text);
            context.Session.Variables.Set("tx_isolation", text);
        }
        sink.Ok(0, 0);
    }
}
