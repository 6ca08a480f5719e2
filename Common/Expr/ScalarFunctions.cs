using OceanClassic.Common.Expr.Functions;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// Evaluates a BoundFunction. Control-flow functions (IF, IFNULL, COALESCE) evaluate only the
// arguments they need; the others evaluate every argument and return NULL if any is NULL
// (except CONCAT_WS, which skips NULLs after the separator).
public static class ScalarFunctions
{
    public static ObObj Evaluate(BoundFunction f, ReadOnlySpan<ObObj> row, EvalContext ctx)
    {
        var args = f.Args;
        FunctionCatalog.Check(f.Name, args.Count);
        if (FunctionLibrary.TryGet(f.Name, out var definition))
            return FunctionLibrary.Invoke(definition, f, row, ctx);
        switch (f.Name)
        {
            case "IF":
                return ExprEvaluator.Evaluate(ExprValues.IsTrue(ExprEvaluator.Evaluate(args[0], row, ctx)) ? args[1] : args[2], row, ctx);
            case "IFNULL":
            case "COALESCE":
                foreach (var a in args)
                {
                    var v = ExprEvaluator.Evaluate(a, row, ctx);
                    if (!v.IsNull)
                        return v;
                }
                return ObObj.Null;
            case "NOW":
            case "CURRENT_TIMESTAMP":
            case "LOCALTIME":
            case "LOCALTIMESTAMP":
            case "SYSDATE":
                return ExprTemporal.Now(ctx, args.Count == 0 ? 0 : (int)ExprEvaluator.Evaluate(args[0], row, ctx).ToInt64());
            case "CURDATE":
            case "CURRENT_DATE":
                return ObObj.FromDateMicros(ExprTemporal.TruncateToDate(ExprTemporal.Now(ctx).Micros));
            case "CONCAT_WS":
                {
                    var values = EvaluateAll(args, row, ctx);
                    return values[0].IsNull ? ObObj.Null : StringFunctions.ConcatWs(ExprValues.ToText(values[0]), values.AsSpan(1));
                }
            case "NULLIF":
                {
                    var a = ExprEvaluator.Evaluate(args[0], row, ctx);
                    var b = ExprEvaluator.Evaluate(args[1], row, ctx);
                    return ExprCompare.AreEqual(a, b) ? ObObj.Null : a;
                }
            default:
                {
                    var values = EvaluateAll(args, row, ctx);
                    foreach (var v in values)
                    {
                        if (v.IsNull)
                            return ObObj.Null;
                    }
                    var result = EvaluateStrict(f.Name, values);
                    if (f.Name == "MOD" && result.IsNull)
                        ExprArithmetic.CheckDivisor(ctx);
                    return result;
                }
        }
    }

    // Functions whose result is NULL whenever an argument is; the values are all non-NULL here.
    private static ObObj EvaluateStrict(string name, ObObj[] v)
    {
        switch (name)
        {
            case "CONCAT": return StringFunctions.Concat(v);
            case "LENGTH":
            case "OCTET_LENGTH": return StringFunctions.Length(Text(v[0]));
            case "CHAR_LENGTH":
            case "CHARACTER_LENGTH": return StringFunctions.CharLength(Text(v[0]));
            case "UPPER":
            case "UCASE": return ObObj.FromString(Text(v[0]).ToUpperInvariant());
            case "LOWER":
            case "LCASE": return ObObj.FromString(Text(v[0]).ToLowerInvariant());
            case "SUBSTRING":
            case "SUBSTR": return StringFunctions.Substring(Text(v[0]), v[1].ToInt64(), v.Length > 2 ? v[2].ToInt64() : null);
            case "TRIM": return Trim(v);
            case "LTRIM": return StringFunctions.Trim(Text(v[0]), " ", leading: true, trailing: false);
            case "RTRIM": return StringFunctions.Trim(Text(v[0]), " ", leading: false, trailing: true);
            case "REPLACE": return StringFunctions.Replace(Text(v[0]), Text(v[1]), Text(v[2]));
            case "LEFT": return StringFunctions.Left(Text(v[0]), v[1].ToInt64());
            case "RIGHT": return StringFunctions.Right(Text(v[0]), v[1].ToInt64());
            case "ABS": return NumericFunctions.Abs(v[0]);
            case "ROUND": return NumericFunctions.Round(v[0], v.Length > 1 ? v[1].ToInt64() : 0);
            case "TRUNCATE": return NumericFunctions.Truncate(v[0], v[1].ToInt64());
            case "FLOOR": return NumericFunctions.Floor(v[0]);
            case "CEIL":
            case "CEILING": return NumericFunctions.Ceiling(v[0]);
            case "MOD": return ExprArithmetic.Evaluate(BinaryOp.Mod, v[0], v[1]);
            case "GREATEST": return Extreme(v, greatest: true);
            case "LEAST": return Extreme(v, greatest: false);
            case "DATE_FORMAT": return DateFormatter.Format(v[0], Text(v[1]));
            default:
                FunctionCatalog.ThrowUnknown(name);
                return default;
        }
    }

    private static ObObj Trim(ObObj[] v)
    {
        var remove = v.Length > 1 ? Text(v[1]) : " ";
        var mode = v.Length > 2 ? Text(v[2]).ToUpperInvariant() : "BOTH";
        return StringFunctions.Trim(Text(v[0]), remove, leading: mode != "TRAILING", trailing: mode != "LEADING");
    }

    // The winner takes the arguments' common type: DOUBLE if any is one, else DECIMAL at the largest
    // scale if any is one (GREATEST(1.5, 2) is 2.0), else the winner as it is.
    private static ObObj Extreme(ObObj[] v, bool greatest)
    {
        var best = v[0];
        for (var i = 1; i < v.Length; i++)
        {
            var c = ExprCompare.Compare(v[i], best);
            if (greatest ? c > 0 : c < 0)
                best = v[i];
        }
        if (!best.IsNumeric || v.Any(a => !a.IsNumeric))
            return best;
        if (v.Any(a => a.Type == ObType.Double))
            return ObObj.FromDouble(best.ToDouble());
        if (v.Any(a => a.Type == ObType.Decimal))
            return ObObj.FromDecimal(ExprValues.WithScale(best.ToDecimal(), v.Where(a => a.Type == ObType.Decimal).Max(a => a.Decimal.Scale)));
        return best;
    }

    private static string Text(ObObj v) => ExprValues.ToText(v);

    private static ObObj[] EvaluateAll(IReadOnlyList<BoundExpr> args, ReadOnlySpan<ObObj> row, EvalContext ctx)
    {
        var values = new ObObj[args.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = ExprEvaluator.Evaluate(args[i], row, ctx);
        return values;
    }
}
