using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// What names mean where an expression is bound: a table's columns, nothing (SELECT without FROM), or
// the output of GROUP BY (where group expressions and aggregate calls become columns).
public interface IBindScope
{
    // A whole sub-expression this scope binds itself (a GROUP BY expression, an aggregate call), or null.
    BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause);

    BoundExpr BindColumn(ColumnRef column, string clause);
}
