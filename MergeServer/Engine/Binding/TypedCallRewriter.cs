using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Calls whose meaning depends on an argument's SQL type, fixed at bind time:
// - FIND_IN_SET(x, set_column) answers the member's position in the SET's definition (MariaDB reads the
//   column's members, not the stored list): rewritten to __SET_FIND(x, column, member...).
// - JSON_OBJECT / JSON_ARRAY / JSON_SET ... write a boolean (TRUE, FALSE, a comparison, a logical
//   operator) as JSON true/false: such value arguments are cast to BOOL.
public static class TypedCallRewriter
{
    public static BoundFunction Rewrite(string name, IReadOnlyList<Expr> ast, IReadOnlyList<BoundExpr> args)
    {
        if (name == "FIND_IN_SET" && args.Count == 2 && SetRead(args[1]) is { } set)
            return new BoundFunction("__SET_FIND", [args[0], .. set.Args]);
        if (JsonValueArgument(name) is { } isValue)
        {
            var rewritten = args.Select((a, i) => isValue(i) && IsBoolean(ast[i], a) ? new BoundCast(a, ObType.Bool) : a).ToList();
            return new BoundFunction(name, rewritten);
        }
        return new BoundFunction(name, args);
    }

    private static BoundFunction? SetRead(BoundExpr e) => e switch
    {
        BoundFunction { Name: "__SET" } f => f,
        BoundCollate c => SetRead(c.Operand),
        _ => null,
    };

    // Which argument positions of a JSON builder or editor are values.
    private static Func<int, bool>? JsonValueArgument(string name) => name switch
    {
        "JSON_ARRAY" => _ => true,
        "JSON_OBJECT" => i => i % 2 == 1,
        "JSON_SET" or "JSON_INSERT" or "JSON_REPLACE" or "JSON_ARRAY_APPEND" => i => i > 0 && i % 2 == 0,
        _ => null,
    };

    private static bool IsBoolean(Expr ast, BoundExpr bound) =>
        ast is BoolLiteral || bound switch
        {
            BoundBinary b => b.Op is >= BinaryOp.Eq and <= BinaryOp.Xor,
            BoundUnary { Op: UnaryOp.Not } or BoundIsNull or BoundIsBool or BoundInList or BoundBetween or BoundLike => true,
            _ => false,
        };
}
