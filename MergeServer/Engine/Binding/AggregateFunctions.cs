using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

public static class AggregateFunctions
{
    public static bool IsAggregate(FunctionCall call) => KindOf(call) is not null;

    public static AggregateKind? KindOf(FunctionCall call) => call.Name.ToUpperInvariant() switch
    {
        "COUNT" => call.Star ? AggregateKind.CountStar : AggregateKind.Count,
        "SUM" => AggregateKind.Sum,
        "AVG" => AggregateKind.Avg,
        "MIN" => AggregateKind.Min,
        "MAX" => AggregateKind.Max,
        "ANY_VALUE" => AggregateKind.First,
        "BIT_AND" => AggregateKind.BitAnd,
        "BIT_OR" => AggregateKind.BitOr,
        "BIT_XOR" => AggregateKind.BitXor,
        _ => null,
    };

    // Whether an aggregate call appears anywhere in the expression.
    public static bool Contains(Expr? expr)
    {
        StackGuard.Check();
        return ContainsAt(expr);
    }

    private static bool ChainContains(BinaryExpr top)
    {
        var spine = top.LeftSpine();
        return Contains(spine[^1].Left) || spine.Exists(b => Contains(b.Right));
    }

    private static bool ContainsAt(Expr? expr) => expr switch
    {
        null => false,
        FunctionCall f when IsAggregate(f) => true,
        GroupConcatExpr => true,
        FunctionCall f => f.Args.Any(Contains),
        UnaryExpr u => Contains(u.Operand),
        BinaryExpr b => ChainContains(b),
        IsNullExpr n => Contains(n.Operand),
        IsBoolExpr n => Contains(n.Operand),
        InListExpr i => Contains(i.Operand) || i.List.Any(Contains),
        BetweenExpr b => Contains(b.Operand) || Contains(b.Low) || Contains(b.High),
        LikeExpr l => Contains(l.Operand) || Contains(l.Pattern),
        CaseExpr c => Contains(c.Operand) || Contains(c.Else) || c.Whens.Any(w => Contains(w.When) || Contains(w.Then)),
        CastExpr c => Contains(c.Operand),
        _ => false,
    };
}
