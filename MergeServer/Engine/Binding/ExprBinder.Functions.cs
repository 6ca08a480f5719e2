using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// The call shapes that are not plain argument lists: `INTERVAL n unit` arguments become the two
// arguments n, 'unit'; `d + INTERVAL n unit` / `INTERVAL n unit + d` / `d - INTERVAL n unit` become
// DATE_ADD / DATE_SUB; the unit word leading TIMESTAMPDIFF, TIMESTAMPADD and EXTRACT becomes a string;
// `s REGEXP p` / `s RLIKE p` call REGEXP.
public sealed partial class ExprBinder
{
    private static readonly HashSet<string> UnitFirst = new(StringComparer.OrdinalIgnoreCase) { "TIMESTAMPDIFF", "TIMESTAMPADD", "EXTRACT" };

    private List<BoundExpr> BindArguments(string name, IReadOnlyList<Expr> args, IBindScope scope, string clause)
    {
        var bound = new List<BoundExpr>(args.Count + 1);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case IntervalExpr interval:
                    bound.Add(Bind(interval.Value, scope, clause));
                    bound.Add(new BoundLiteral(ObObj.FromString(interval.Unit)));
                    break;
                case ColumnRef { Table: null } unit when i == 0 && UnitFirst.Contains(name):
                    bound.Add(new BoundLiteral(ObObj.FromString(unit.Column.ToUpperInvariant())));
                    break;
                default:
                    bound.Add(Bind(args[i], scope, clause));
                    break;
            }
        }
        return bound;
    }

    private static bool IsSpecialBinary(BinaryExpr b) =>
        b.Operator == BinaryOperator.Regexp || b.Right is IntervalExpr || (b.Operator == BinaryOperator.Add && b.Left is IntervalExpr);

    // null when the expression is not interval arithmetic or a REGEXP.
    private BoundExpr? BindSpecialBinary(BinaryExpr b, IBindScope scope, string clause)
    {
        switch (b)
        {
            case { Operator: BinaryOperator.Regexp }:
                return new BoundFunction("REGEXP", [Bind(b.Left, scope, clause), Bind(b.Right, scope, clause)]);
            case { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Right: IntervalExpr interval }:
                return new BoundFunction(b.Operator == BinaryOperator.Add ? "DATE_ADD" : "DATE_SUB",
                    [Bind(b.Left, scope, clause), Bind(interval.Value, scope, clause), new BoundLiteral(ObObj.FromString(interval.Unit))]);
            case { Operator: BinaryOperator.Add, Left: IntervalExpr interval }:
                return new BoundFunction("DATE_ADD",
                    [Bind(b.Right, scope, clause), Bind(interval.Value, scope, clause), new BoundLiteral(ObObj.FromString(interval.Unit))]);
            default:
                return null;
        }
    }
}
