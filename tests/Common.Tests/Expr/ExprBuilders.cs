using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Tests.Expr;

// Short names for building expression trees in tests.
internal static class ExprBuilders
{
    public static readonly EvalContext Ctx = new(new DateTime(2024, 3, 5, 14, 7, 9, 250));

    public static BoundExpr L(long v) => new BoundLiteral(ObObj.FromInt(v));
    public static BoundExpr L(string v) => new BoundLiteral(ObObj.FromString(v));
    public static BoundExpr L(decimal v) => new BoundLiteral(ObObj.FromDecimal(v));
    public static BoundExpr L(double v) => new BoundLiteral(ObObj.FromDouble(v));
    public static BoundExpr U(ulong v) => new BoundLiteral(ObObj.FromUInt(v));
    public static readonly BoundExpr Null = new BoundLiteral(ObObj.Null);
    public static BoundExpr Col(int i) => new BoundColumn(i);
    public static BoundExpr B(BinaryOp op, BoundExpr a, BoundExpr b) => new BoundBinary(op, a, b);
    public static BoundExpr Fn(string name, params BoundExpr[] args) => new BoundFunction(name, args);

    public static ObObj Eval(BoundExpr e, params ObObj[] row) => ExprEvaluator.Evaluate(e, row, Ctx);

    public static string? Text(BoundExpr e, params ObObj[] row) => Eval(e, row).ToText();
}
