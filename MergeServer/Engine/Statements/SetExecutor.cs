using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Statements;

// SET statements: values are stored as session variables (GLOBAL too, per session: there is no global
// variable store yet). autocommit=0 is accepted and recorded; statements still commit one by one until
// UPS transaction sessions arrive.
public static class SetExecutor
{
    public static void Set(SetStatement s, StatementContext context, IResultSink sink)
    {
        foreach (var a in s.Assignments)
        {
            var value = a.Value switch
            {
                DefaultValue => (ObObj?)null,
                Literal l => ExprBinder.LiteralValue(l),
                ColumnRef { Table: null } word => ObObj.FromString(word.Column), // SET sql_mode = ANSI
                var e => ExprEvaluator.Evaluate(context.Binder.Bind(e, EmptyScope.Instance, "field list"), [], context.Eval),
            };
            switch (a.Variable)
            {
                case SystemVariable v:
                    if (value is { } given)
                        context.Session.Variables.Set(v.Name, SessionVariables.Normalize(v.Name, given));
                    break;
                case UserVariable u:
                    context.Session.Variables.SetUser(u.Name, value ?? ObObj.Null);
                    break;
                default:
                    throw BindErrors.NotSupported(a.ToSql());
            }
        }
        sink.Ok(0, 0);
    }

    public static void SetNames(string? charset, string? collation, StatementContext context, IResultSink sink)
    {
        var cs = charset ?? "utf8mb4";
        foreach (var name in new[] { "character_set_client", "character_set_connection", "character_set_results" })
            context.Session.Variables.Set(name, cs);
        if (collation is not null)
            context.Session.Variables.Set("collation_connection", collation);
        sink.Ok(0, 0);
    }

    public static void SetTransaction(SetTransactionStatement s, StatementContext context, IResultSink sink)
    {
        if (s.Isolation is { } level)
        {
            var text = level switch
            {
                Sql.IsolationLevel.ReadUncommitted => "READ-UNCOMMITTED",
                Sql.IsolationLevel.ReadCommitted => "READ-COMMITTED",
                Sql.IsolationLevel.RepeatableRead => "REPEATABLE-READ",
                _ => "SERIALIZABLE",
            };
            context.Session.Variables.Set("transaction_isolation", text);
            context.Session.Variables.Set("tx_isolation", text);
        }
        sink.Ok(0, 0);
    }
}
