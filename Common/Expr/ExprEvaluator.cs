using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// Evaluates a bound expression over one row with MySQL semantics: NULL propagates, logic is
// three-valued, boolean results are INT 1/0, errors are ExprException with a MySQL code.
public static class ExprEvaluator
{
    // Conversions deep inside report their warnings to ctx.Warnings (ExprWarnings).
    public static ObObj Evaluate(BoundExpr e, ReadOnlySpan<ObObj> row, EvalContext ctx)
    {
        if (ctx.Warnings is null)
            return Evaluate(e, row, ctx, 1);
        var previous = ExprWarnings.Enter(ctx.Warnings);
        try
        {
            return Evaluate(e, row, ctx, 1);
        }
        finally
        {
            ExprWarnings.Exit(previous);
        }
    }

    // The stack is checked every GuardEvery levels of nesting (a check costs about as much as evaluating
    // a comparison, and the levels between two checks need far less stack than the check leaves free);
    // a function's arguments start over at level 1, so every function call is checked.
    private const int GuardEvery = 16;

    private static ObObj Evaluate(BoundExpr e, ReadOnlySpan<ObObj> row, EvalContext ctx, int depth)
    {
        if (e is BoundLiteral lit)
            return lit.Value;
        if (e is BoundColumn col)
        {
            if ((uint)col.Index >= (uint)row.Length)
                ThrowBadColumn(col.Index, row.Length);
            return row[col.Index];
        }
        if (depth % GuardEvery == 0)
            StackGuard.Check();
        var d = depth + 1;
        switch (e)
        {
            case BoundBinary bin:
                return IsLongChain(bin) ? EvaluateChain(bin, row, ctx, d) : Combine(bin.Op, Evaluate(bin.Left, row, ctx, d), bin.Right, row, ctx, d);
            case BoundUnary un:
                return EvaluateUnary(un, row, ctx, d);
            case BoundIsNull isNull:
                return ExprValues.FromBool(Evaluate(isNull.Operand, row, ctx, d).IsNull != isNull.Negated);
            case BoundIsBool isBool:
                {
                    var truth = ExprValues.Truth(Evaluate(isBool.Operand, row, ctx, d));
                    return ExprValues.FromBool((truth == isBool.Value) != isBool.Negated);
                }
            case BoundInList inList:
                return EvaluateIn(inList, row, ctx, d);
            case BoundBetween between:
                return EvaluateBetween(between, row, ctx, d);
            case BoundLike like:
                return EvaluateLike(like, row, ctx, d);
            case BoundFunction fn:
                StackGuard.Check();
                return ScalarFunctions.Evaluate(fn, row, ctx);
            case BoundCase cs:
                return EvaluateCase(cs, row, ctx, d);
            case BoundCast cast:
                return ExprCast.Convert(Evaluate(cast.Operand, row, ctx, d), cast.Target, cast.Scale, cast.Width);
            case BoundCollate collate:
                return Evaluate(collate.Operand, row, ctx, d).WithCollation(collate.Collation, collate.Derivation);
            default:
                ThrowUnknownNode(e);
                return default;
        }
    }

    // The filter/WHERE test: the row passes only if the expression is true (not NULL, not 0).
    public static bool IsTrue(BoundExpr e, ReadOnlySpan<ObObj> row, EvalContext ctx) =>
        ExprValues.IsTrue(Evaluate(e, row, ctx));

    // Short spines recurse (nothing allocated per row on the hot path); a spine of ShortChain binary
    // nodes or more is folded in a loop.
    private const int ShortChain = 16;

    private static bool IsLongChain(BoundBinary bin)
    {
        var node = bin.Left;
        for (var i = 0; i < ShortChain; i++)
        {
            if (node is not BoundBinary next)
                return false;
            node = next.Left;
        }
        return true;
    }

    // A left-deep chain (a + b + c ..., as SQL's left-associative operators build it) is a fold over its
    // left spine: the leftmost operand first, then each node with its right operand, exactly the order
    // (and AND/OR short-circuits) recursion would take, without a stack frame per term.
    private static ObObj EvaluateChain(BoundBinary top, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var spine = top.LeftSpine();
        var value = Evaluate(spine[^1].Left, row, ctx, d);
        for (var i = spine.Count - 1; i >= 0; i--)
            value = Combine(spine[i].Op, value, spine[i].Right, row, ctx, d);
        return value;
    }

    // `left op right` given the left operand's value.
    private static ObObj Combine(BinaryOp op, ObObj left, BoundExpr right, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        switch (op)
        {
            case BinaryOp.And:
                {
                    var l = ExprValues.Truth(left);
                    if (l == false)
                        return ExprValues.FromBool(false);
                    var r = ExprValues.Truth(Evaluate(right, row, ctx, d));
                    return r == false ? ExprValues.FromBool(false) : ExprValues.FromTruth(l is null || r is null ? null : true);
                }
            case BinaryOp.Or:
                {
                    var l = ExprValues.Truth(left);
                    if (l == true)
                        return ExprValues.FromBool(true);
                    var r = ExprValues.Truth(Evaluate(right, row, ctx, d));
                    return r == true ? ExprValues.FromBool(true) : ExprValues.FromTruth(l is null || r is null ? null : false);
                }
            case BinaryOp.Xor:
                {
                    var l = ExprValues.Truth(left);
                    var r = ExprValues.Truth(Evaluate(right, row, ctx, d));
                    return ExprValues.FromTruth(l is null || r is null ? null : l != r);
                }
            default:
                {
                    var r = Evaluate(right, row, ctx, d);
                    if (op >= BinaryOp.BitAnd)
                        return ExprBitwise.Evaluate(op, left, r);
                    if (op > BinaryOp.Mod)
                        return ExprCompare.Evaluate(op, left, r);
                    var result = ExprArithmetic.Evaluate(op, left, r);
                    if (result.IsNull && op >= BinaryOp.Div && !left.IsNull && !r.IsNull)
                        ExprArithmetic.CheckDivisor(ctx);
                    return result;
                }
        }
    }

    private static ObObj EvaluateUnary(BoundUnary un, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var v = Evaluate(un.Operand, row, ctx, d);
        if (v.IsNull)
            return v;
        return un.Op switch
        {
            UnaryOp.Neg => ExprArithmetic.Negate(v),
            UnaryOp.Not => ExprValues.FromBool(!ExprValues.IsTrue(v)),
            UnaryOp.BitNot => ExprBitwise.Not(v),
            _ => v,
        };
    }

    // x IN (a, b, ...): true if any item equals x; else NULL if x or any item is NULL; else false.
    private static ObObj EvaluateIn(BoundInList inList, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var v = Evaluate(inList.Operand, row, ctx, d);
        if (v.IsNull)
            return ObObj.Null;
        var sawNull = false;
        foreach (var item in inList.List)
        {
            var candidate = Evaluate(item, row, ctx, d);
            if (candidate.IsNull)
                sawNull = true;
            else if (ExprCompare.Compare(v, candidate) == 0)
                return ExprValues.FromBool(!inList.Negated);
        }
        return sawNull ? ObObj.Null : ExprValues.FromBool(inList.Negated);
    }

    private static ObObj EvaluateBetween(BoundBetween between, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var v = Evaluate(between.Operand, row, ctx, d);
        var lo = Evaluate(between.Low, row, ctx, d);
        var hi = Evaluate(between.High, row, ctx, d);
        bool? geLow = v.IsNull || lo.IsNull ? null : ExprCompare.Compare(v, lo) >= 0;
        bool? leHigh = v.IsNull || hi.IsNull ? null : ExprCompare.Compare(v, hi) <= 0;
        bool? result = geLow == false || leHigh == false ? false : geLow is null || leHigh is null ? null : true;
        return ExprValues.FromTruth(between.Negated ? !result : result);
    }

    private static ObObj EvaluateLike(BoundLike like, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var v = Evaluate(like.Operand, row, ctx, d);
        var pattern = Evaluate(like.Pattern, row, ctx, d);
        if (v.IsNull || pattern.IsNull)
            return ObObj.Null;
        var escape = '\\';
        if (like.Escape is not null)
        {
            var text = ExprValues.ToText(Evaluate(like.Escape, row, ctx, d));
            if (text.Length > 1)
                throw new ExprException(ExprErrorCodes.IncorrectArguments, "Incorrect arguments to ESCAPE");
            escape = text.Length == 1 ? text[0] : '\0';
        }
        var collation = SqlValueComparer.ResolveCollation(v, pattern);
        var matched = LikeMatcher.IsMatch(ExprValues.ToText(v), ExprValues.ToText(pattern), escape == '\0' ? -1 : escape, collation);
        return ExprValues.FromBool(matched != like.Negated);
    }

    private static ObObj EvaluateCase(BoundCase cs, ReadOnlySpan<ObObj> row, EvalContext ctx, int d)
    {
        var operand = cs.Operand is null ? default(ObObj?) : Evaluate(cs.Operand, row, ctx, d);
        foreach (var w in cs.Whens)
        {
            var when = Evaluate(w.When, row, ctx, d);
            var hit = operand is { } o ? ExprCompare.AreEqual(o, when) : ExprValues.IsTrue(when);
            if (hit)
                return Evaluate(w.Then, row, ctx, d);
        }
        return cs.Else is null ? ObObj.Null : Evaluate(cs.Else, row, ctx, d);
    }

    [DoesNotReturn]
    private static void ThrowBadColumn(int index, int width) =>
        throw new ExprException(ExprErrorCodes.IncorrectArguments, $"column #{index} is outside the row of {width} values");

    [DoesNotReturn]
    private static void ThrowUnknownNode(BoundExpr e) =>
        throw new ExprException(ExprErrorCodes.IncorrectArguments, $"cannot evaluate {e.GetType().Name}");
}
