namespace OceanClassic.Common.Expr;

// What an evaluation may read besides the row: the statement's clock (NOW() is fixed per statement,
// as in MySQL).
public sealed record EvalContext(DateTime Now)
{
    public static EvalContext AtNow() => new(DateTime.Now);
}
