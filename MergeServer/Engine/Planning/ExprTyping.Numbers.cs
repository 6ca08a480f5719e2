using System.Globalization;
using OceanClassic.Common.Expr;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Planning;

// Numeric result types, MariaDB 10.11's rules:
// - an integer result of d digits is INT when d <= 9, else BIGINT (its length d plus a sign, however long);
// - + and - take one more digit than the longer operand, * the sum of both; / gives DECIMAL with the
//   dividend's scale plus 4 (div_precision_increment); DIV is BIGINT; MOD keeps the wider operand;
// - DECIMAL precision and scale combine as MariaDB's (p1 - s1, p2 - s2 integer digits), at most 65 / 38;
// - a DOUBLE's decimals: + - MOD the larger, * the sum, / the larger plus 4, ROUND(x, n) n, FLOOR / CEIL 0,
//   PI() 6; an operand with unfixed decimals (31: a DOUBLE column, 1e0, a function) makes the result unfixed.
//   Fixed decimals also decide how the value is shown (ResultText: ROUND(x)/3 shows 0.6667).
public static partial class ExprTyping
{
    private const int NotFixed = 31;
    private const int MaxPrecision = 65;
    private const int MaxScale = 38;

    private static ResultType Literal(ObObj v) => v.Type switch
    {
        ObType.Int => IntegerLiteral(v.Int),
        ObType.UInt => new ResultType(MySqlColumnType.LongLong, (uint)Digits(v.UInt), Unsigned: true, NotNull: true),
        ObType.Decimal => DecimalOf(Math.Max(DecimalDigits(v.Decimal), (int)v.Decimal.Scale), v.Decimal.Scale, false) with { NotNull = true },
        ObType.Double => ResultType.DoubleType with { Length = 22, NotNull = true },
        ObType.String => StringOf(v.String.EnumerateRunes().Count(), false) with { NotNull = true },
        ObType.Binary => ResultType.BinaryText with { Length = (uint)v.Bytes.Length, NotNull = true },
        _ => ResultType.OfValue(v) with { NotNull = !v.IsNull },
    };

    // An integer literal: INT when it fits 32 bits, its length its digits (and a minus sign).
    private static ResultType IntegerLiteral(long n) =>
        new(n is >= int.MinValue and <= int.MaxValue ? MySqlColumnType.Long : MySqlColumnType.LongLong,
            (uint)(Digits((ulong)Math.Abs((decimal)n)) + (n < 0 ? 1 : 0)), NotNull: true);

    private static int Digits(ulong n) => n.ToString(CultureInfo.InvariantCulture).Length;

    private static int DecimalDigits(decimal d)
    {
        var text = Math.Abs(d).ToString(CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        return whole.Length + (int)d.Scale; // as written: 0.25 has three digits (MariaDB DECIMAL(3,2))
    }

    public static ResultType DecimalOf(int precision, int scale, bool unsigned)
    {
        scale = Math.Clamp(scale, 0, MaxScale);
        precision = Math.Clamp(Math.Max(precision, scale), 1, MaxPrecision);
        return new ResultType(MySqlColumnType.NewDecimal, (uint)(precision + (scale > 0 ? 1 : 0) + (unsigned ? 0 : 1)), (byte)scale, unsigned);
    }

    // An integer of `digits` digits: INT up to 9, else BIGINT (MariaDB keeps BIGINT however long the
    // length grows: bi * bi * bi is BIGINT(58)).
    private static ResultType IntegerOf(int digits, bool unsigned) =>
        new(digits <= 9 ? MySqlColumnType.Long : MySqlColumnType.LongLong, (uint)(digits + (unsigned ? 0 : 1)), Unsigned: unsigned);

    private static ResultType DoubleOf(int decimals) =>
        decimals >= NotFixed ? ResultType.DoubleType : new ResultType(MySqlColumnType.Double, (uint)(17 + decimals), (byte)decimals);

    private static bool IsReal(ResultType t) => t.Type is MySqlColumnType.Double or MySqlColumnType.Float;

    private static bool IsNumber(ResultType t) => t.IsExactNumber || IsReal(t) || t.Type is MySqlColumnType.Year or MySqlColumnType.Bit;

    // The digits an exact number holds: MariaDB's decimal_precision() (its length less point and sign).
    public static int Precision(ResultType t)
    {
        if (t.Type is MySqlColumnType.Year or MySqlColumnType.Bit)
            return (int)t.Length;
        if (!t.IsExactNumber)
            return Math.Min(MaxPrecision, (int)t.Length);
        var p = (int)t.Length - (t.Decimals > 0 ? 1 : 0) - (t.Unsigned || t.Length == 0 ? 0 : 1);
        return Math.Clamp(p, 1, MaxPrecision);
    }

    // A literal's own digits (1 has one digit, though its length has no room for a sign).
    private static int Precision(BoundExpr e, ResultType t) =>
        e is BoundLiteral { Value.Type: ObType.Int } l ? Digits((ulong)Math.Abs((decimal)l.Value.Int)) : Precision(t);

    private static int IntegerPart(BoundExpr e, ResultType t) => Math.Max(0, Precision(e, t) - Scale(t));

    private static int Scale(ResultType t) => t.IsExactNumber ? t.Decimals : 0;

    private static bool IsArithmetic(BinaryOp op) =>
        op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.IntDiv or BinaryOp.Mod;

    // An arithmetic chain (a + b * c - d ...) is typed in a loop over its left spine, bottom first.
    private static ResultType Binary(BoundBinary top, Func<int, ResultType> column)
    {
        if (!IsArithmetic(top.Op))
        {
            var notNull = top.Op == BinaryOp.NullSafeEq || (Infer(top.Left, column).NotNull && Infer(top.Right, column).NotNull);
            return Truth with { NotNull = notNull };
        }
        var spine = new List<BoundBinary> { top };
        while (spine[^1].Left is BoundBinary { Op: var op } next && IsArithmetic(op))
            spine.Add(next);
        BoundExpr leftExpr = spine[^1].Left;
        var type = Infer(leftExpr, column);
        for (var i = spine.Count - 1; i >= 0; i--)
        {
            var right = Infer(spine[i].Right, column);
            // + - * of NOT NULL operands is NOT NULL; / DIV MOD may be NULL (a zero divisor).
            var notNull = type.NotNull && right.NotNull && spine[i].Op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul;
            type = Arithmetic(spine[i].Op, leftExpr, type, spine[i].Right, right) with { NotNull = notNull };
            leftExpr = spine[i];
        }
        return type;
    }

    private static ResultType Arithmetic(BinaryOp op, BoundExpr le, ResultType l, BoundExpr re, ResultType r)
    {
        if (op == BinaryOp.IntDiv)
            return new ResultType(MySqlColumnType.LongLong, (uint)Math.Clamp(IntegerPart(le, l), 1, 21), Unsigned: l.Unsigned || r.Unsigned);
        if (!IsNumber(l) || !IsNumber(r) || IsReal(l) || IsReal(r))
        {
            var (dl, dr) = (RealDecimals(l), RealDecimals(r));
            var decimals = dl >= NotFixed || dr >= NotFixed ? NotFixed
                : op == BinaryOp.Div ? Math.Max(dl, dr) + 4 : Math.Max(dl, dr);
            return DoubleOf(Math.Min(decimals, NotFixed));
        }
        var unsigned = op switch
        {
            BinaryOp.Add or BinaryOp.Mul => l.Unsigned || r.Unsigned,
            BinaryOp.Sub => l.Unsigned && r.Unsigned,
            _ => l.Unsigned,
        };
        var (sl, sr) = (Scale(l), Scale(r));
        var (il, ir) = (IntegerPart(le, l), IntegerPart(re, r));
        if (op == BinaryOp.Div)
        {
            var scale = Math.Min(sl + 4, MaxScale);
            return DecimalOf(il + sr + scale, scale, unsigned);
        }
        if (l.IsInteger && r.IsInteger)
        {
            var digits = op switch { BinaryOp.Mul => il + ir, BinaryOp.Mod => Math.Max(il, ir), _ => Math.Max(il, ir) + 1 };
            return IntegerOf(digits, unsigned);
        }
        return op switch
        {
            BinaryOp.Mul => DecimalOf(il + ir + sl + sr, sl + sr, unsigned),
            BinaryOp.Mod => DecimalOf(Math.Max(il, ir) + Math.Max(sl, sr), Math.Max(sl, sr), unsigned),
            _ => DecimalOf(Math.Max(il, ir) + 1 + Math.Max(sl, sr), Math.Max(sl, sr), unsigned),
        };
    }

    // A DOUBLE operand's decimals; an exact number's scale; anything else (a string) is not fixed.
    private static int RealDecimals(ResultType t) => IsReal(t) ? t.Decimals : t.IsExactNumber ? t.Decimals : NotFixed;

    private static ResultType Negated(BoundExpr operand, ResultType t)
    {
        if (operand is BoundLiteral { Value.Type: ObType.Int } l)
            return IntegerLiteral(-l.Value.Int);
        if (t.IsInteger)
            return IntegerOf(Precision(operand, t) + 1, false);
        return t.IsExactNumber || IsReal(t) ? t with { Unsigned = false, NotNull = false } : DoubleOf(NotFixed);
    }

    private static ResultType Cast(BoundCast c, ResultType operand) => c.Target switch
    {
        ObType.Int => ResultType.BigInt,
        ObType.UInt => ResultType.BigInt with { Unsigned = true },
        ObType.Decimal => DecimalOf(c.Width > 0 ? c.Width : 10, Math.Max(0, c.Scale), false),
        ObType.Double => DoubleOf(NotFixed),
        ObType.DateTime => ResultType.DateTimeOf(Math.Max(0, c.Scale)),
        ObType.Date => new ResultType(MySqlColumnType.Date, 10),
        ObType.Time => ResultType.TimeOf(Math.Max(0, c.Scale)),
        ObType.Binary => ResultType.BinaryText with { Length = c.Width > 0 ? (uint)c.Width : Math.Max(1, CharLength(operand)) },
        ObType.String => StringOf(c.Width > 0 ? c.Width : (int)CharLength(operand), false),
        _ => ResultType.Text,
    };

    // ABS, ROUND, TRUNCATE, FLOOR, CEIL, MOD, SIGN, the math functions and the integer-valued ones.
    private static ResultType? NumberFunction(BoundFunction f, Func<BoundExpr, ResultType> infer)
    {
        switch (f.Name)
        {
            case "ABS" when f.Args.Count == 1:
                {
                    var t = infer(f.Args[0]);
                    return t.IsInteger ? IntegerOf(Precision(f.Args[0], t), t.Unsigned)
                        : t.IsExactNumber || IsReal(t) ? t with { NotNull = false } : DoubleOf(NotFixed);
                }
            case "ROUND" or "TRUNCATE" when f.Args.Count is 1 or 2:
                return Rounded(f, infer(f.Args[0]), f.Name == "ROUND");
            case "FLOOR" or "CEIL" or "CEILING" when f.Args.Count == 1:
                {
                    var t = infer(f.Args[0]);
                    if (t.IsInteger)
                        return t with { NotNull = false };
                    if (t.IsExactNumber)
                    {
                        var digits = IntegerPart(f.Args[0], t) + 1;
                        return digits > 18 ? DecimalOf(digits, 0, t.Unsigned) : IntegerOf(digits, t.Unsigned);
                    }
                    return DoubleOf(0);
                }
            case "MOD" when f.Args.Count == 2:
                return Arithmetic(BinaryOp.Mod, f.Args[0], infer(f.Args[0]), f.Args[1], infer(f.Args[1]));
            case "PI":
                return new ResultType(MySqlColumnType.Double, 8, 6, NotNull: true);
            case "POW" or "POWER" or "SQRT" or "EXP" or "LN" or "LOG" or "LOG2" or "LOG10" or "SIN" or "COS" or "TAN" or "ASIN"
                or "ACOS" or "ATAN" or "ATAN2" or "COT" or "RAND" or "DEGREES" or "RADIANS":
                return DoubleOf(NotFixed);
            case "SIGN":
                return new ResultType(MySqlColumnType.Long, 2);
            case "CRC32":
                return new ResultType(MySqlColumnType.Long, 10, Unsigned: true);
            case "LENGTH" or "OCTET_LENGTH" or "CHAR_LENGTH" or "CHARACTER_LENGTH" or "BIT_LENGTH" or "LOCATE" or "INSTR" or "POSITION"
                or "FIND_IN_SET" or "ASCII" or "STRCMP" or "FIELD" or "DATEDIFF" or "TIME_TO_SEC" or "JSON_VALID" or "JSON_LENGTH"
                or "JSON_DEPTH" or "JSON_CONTAINS" or "JSON_CONTAINS_PATH":
                return new ResultType(MySqlColumnType.Long, 10);
            case "YEAR" or "MONTH" or "DAY" or "DAYOFMONTH" or "HOUR" or "MINUTE" or "SECOND" or "MICROSECOND" or "DAYOFWEEK"
                or "DAYOFYEAR" or "WEEK" or "WEEKDAY" or "QUARTER" or "WEEKOFYEAR" or "YEARWEEK" or "PERIOD_ADD" or "PERIOD_DIFF":
                return new ResultType(MySqlColumnType.Long, 7);
            case "TO_DAYS" or "TO_SECONDS" or "TIMESTAMPDIFF" or "ROW_COUNT" or "FOUND_ROWS" or "CONNECTION_ID" or "UUID_SHORT":
                return ResultType.BigInt;
            case "UNIX_TIMESTAMP" when f.Args.Count == 0:
                return new ResultType(MySqlColumnType.LongLong, 17, NotNull: true);
            default:
                return null;
        }
    }

    // ROUND / TRUNCATE(x[, n]): an integer keeps its type; a DECIMAL takes min(n, its scale) decimals (ROUND
    // one more integer digit for the carry); a DOUBLE shows n decimals when n is a literal.
    private static ResultType Rounded(BoundFunction f, ResultType t, bool round)
    {
        var n = f.Args.Count > 1 ? LiteralInt(f.Args[1]) : 0;
        if (t.IsInteger)
            return t with { NotNull = false };
        if (t.IsExactNumber && n is { } places)
        {
            var scale = (int)Math.Clamp(places, 0, t.Decimals);
            return DecimalOf(IntegerPart(f.Args[0], t) + (round ? 1 : 0) + scale, scale, t.Unsigned);
        }
        if (t.IsExactNumber)
            return t with { NotNull = false };
        return DoubleOf(n is { } d ? (int)Math.Clamp(d, 0, NotFixed) : NotFixed); // 31 or more: not fixed
    }
}
