using OceanClassic.Common.Expr;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Planning;

// String result types and the unified type of IF / IFNULL / NULLIF / COALESCE / CASE / GREATEST / LEAST,
// MariaDB 10.11's rules. A string's length counts characters (4 bytes each in the column definition,
// 1 for a binary string); a number or date used as a string counts its display length (an INT 11, a
// DATE 10). CONCAT adds its arguments' lengths; LEFT / RIGHT / LPAD / RPAD / REPEAT use their literal
// counts; SUBSTRING(s, pos[, len]) takes MariaDB's (pos - 1) off s's byte length; REPLACE grows by the
// replacement's extra length per possible match. Branches unify: all integers the widest integer type,
// exact numbers a DECIMAL with the widest integer part and scale, any DOUBLE a DOUBLE, else a string as
// long as the longest branch (TEXT when one is).
public static partial class ExprTyping
{
    // Beyond this many characters a string result is TEXT (MariaDB: a VARCHAR past 65,535 bytes).
    private const int MaxVarcharChars = 16383;

    private static ResultType StringOf(int chars, bool binary)
    {
        chars = Math.Max(0, chars);
        var length = binary ? (long)chars : chars * 4L;
        if (chars > MaxVarcharChars)
            return new ResultType(MySqlColumnType.Blob, (uint)Math.Min(uint.MaxValue, length), Binary: binary);
        return new ResultType(MySqlColumnType.VarString, (uint)length, Binary: binary);
    }

    private static bool IsString(ResultType t) =>
        t.Type is MySqlColumnType.VarString or MySqlColumnType.String or MySqlColumnType.VarChar or MySqlColumnType.Blob
            or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob or MySqlColumnType.Json;

    // How many characters the value of a column of this type can show.
    private static uint CharLength(ResultType t) => IsString(t) && !t.Binary ? t.Length / 4 : t.Length;

    private static ResultType? StringFunction(BoundFunction f, Func<BoundExpr, ResultType> infer)
    {
        var a = f.Args;
        ResultType Arg(int i) => infer(a[i]);
        int Chars(int i) => (int)Math.Min(int.MaxValue, CharLength(Arg(i)));
        bool AnyBinary() => a.Any(x => infer(x).Binary);
        switch (f.Name)
        {
            case "CONCAT" when a.Count > 0:
                return StringOf((int)Math.Min(int.MaxValue, a.Sum(x => (long)CharLength(infer(x)))), AnyBinary());
            case "CONCAT_WS" when a.Count > 1:
                return StringOf((int)Math.Min(int.MaxValue, a.Skip(1).Sum(x => (long)CharLength(infer(x))) + ((long)Chars(0) * (a.Count - 2))), AnyBinary());
            case "UPPER" or "LOWER" or "UCASE" or "LCASE" or "TRIM" or "LTRIM" or "RTRIM" or "REVERSE" when a.Count >= 1:
                return StringOf(Chars(0), Arg(0).Binary);
            case "LEFT" or "RIGHT" when a.Count == 2:
                return StringOf(LiteralInt(a[1]) is { } n ? (int)Math.Clamp(n, 0, Chars(0)) : Chars(0), Arg(0).Binary);
            case "LPAD" or "RPAD" when a.Count == 3:
                return StringOf(LiteralInt(a[1]) is { } width ? (int)Math.Clamp(width, 0, MaxVarcharChars + 1) : Chars(0), Arg(0).Binary || Arg(2).Binary);
            case "REPEAT" when a.Count == 2:
                return StringOf(LiteralInt(a[1]) is { } times ? (int)Math.Clamp(Chars(0) * Math.Max(0, times), 0, int.MaxValue) : MaxVarcharChars + 1, Arg(0).Binary);
            case "SPACE" when a.Count == 1:
                return StringOf(LiteralInt(a[0]) is { } spaces ? (int)Math.Clamp(spaces, 0, int.MaxValue) : MaxVarcharChars + 1, false);
            case "SUBSTRING" or "SUBSTR" or "MID" when a.Count is 2 or 3:
                return Substring(a, Arg(0));
            case "REPLACE" when a.Count == 3:
                {
                    var (chars, from, to) = (Chars(0), Chars(1), Chars(2));
                    var grown = to > from && from > 0 ? chars + ((long)(to - from) * (chars / from)) : chars;
                    return StringOf((int)Math.Min(grown, int.MaxValue), AnyBinary());
                }
            case "INSERT" when a.Count == 4:
                return StringOf(Chars(0) + Chars(3), AnyBinary());
            case "HEX" when a.Count == 1:
                return StringOf((int)Math.Min(int.MaxValue, (IsString(Arg(0)) ? (long)Arg(0).Length : 16) * 2), false);
            case "UNHEX" when a.Count == 1:
                return StringOf((Chars(0) + 1) / 2, true);
            case "MD5":
                return StringOf(32, false);
            case "SHA" or "SHA1":
                return StringOf(40, false);
            case "SHA2":
                return StringOf(128, false);
            case "UUID":
                return StringOf(36, false) with { NotNull = true };
            default:
                return DerivedStringFunction(f, infer);
        }
    }

    // The string functions whose length MariaDB derives from their arguments' (characters unless binary):
    // CHAR(n, ...) four bytes per n (one character each with USING); ELT the longest choice; BIN / OCT / CONV 65 (64 digits and a sign); DAYNAME / MONTHNAME 9; CHARSET /
    // COLLATION 64; TO_BASE64 the encoded bytes with a newline per 76; FROM_BASE64 the decoded bytes;
    // SUBSTRING_INDEX and REGEXP_SUBSTR their subject; REGEXP_REPLACE and the JSON editors and readers the
    // largest (LONGTEXT; the JSON ones, JSON_QUOTE and JSON_UNQUOTE under utf8mb4_bin); JSON_ARRAY / JSON_OBJECT
    // the brackets plus each argument's share (JsonArgumentChars); JSON_QUOTE twelve per character (\uXXXX escapes) and the quotes;
    // JSON_UNQUOTE its argument.
    private static ResultType? DerivedStringFunction(BoundFunction f, Func<BoundExpr, ResultType> infer)
    {
        var a = f.Args;
        ResultType Arg(int i) => infer(a[i]);
        int Chars(int i) => (int)Math.Min(int.MaxValue, CharLength(Arg(i)));
        switch (f.Name)
        {
            case "CHAR":
                return StringOf(4 * a.Count, true);
            case "__CHAR_TEXT":
                return StringOf(a.Count, false);
            case "ELT" when a.Count > 1:
                return StringOf(a.Skip(1).Max(x => (int)Math.Min(int.MaxValue, CharLength(infer(x)))), a.Skip(1).Any(x => infer(x).Binary));
            case "BIN" or "OCT" or "CONV":
                return StringOf(65, false);
            case "DAYNAME" or "MONTHNAME":
                return StringOf(9, false);
            case "CHARSET" or "COLLATION":
                return StringOf(64, false) with { NotNull = true };
            case "TO_BASE64" when a.Count == 1:
                {
                    var encoded = 4 * ((Arg(0).Length + 2L) / 3);
                    return StringOf((int)Math.Min(int.MaxValue, encoded + (encoded > 0 ? (encoded - 1) / 76 : 0)), false);
                }
            case "FROM_BASE64" when a.Count == 1:
                return StringOf((int)Math.Min(int.MaxValue, 3 * ((Arg(0).Length + 3L) / 4)), true);
            case "SUBSTRING_INDEX" or "REGEXP_SUBSTR" when a.Count >= 2:
                return StringOf(Chars(0), Arg(0).Binary);
            case "REGEXP_REPLACE":
                return new ResultType(MySqlColumnType.Blob, uint.MaxValue);
            case "JSON_EXTRACT" or "JSON_KEYS" or "JSON_SET" or "JSON_INSERT" or "JSON_REPLACE" or "JSON_REMOVE"
                or "JSON_ARRAY_APPEND" or "JSON_MERGE" or "JSON_MERGE_PRESERVE":
                return new ResultType(MySqlColumnType.Blob, uint.MaxValue, BinaryCollation: true);
            case "JSON_ARRAY" or "JSON_OBJECT":
                return StringOf((int)Math.Min(MaxVarcharChars + 1L, 2 + a.Sum(x => x is BoundCast { Target: ObType.Bool } ? 9 : JsonArgumentChars(infer(x)))), false);
            case "JSON_QUOTE" when a.Count == 1:
                return StringOf((int)Math.Min(int.MaxValue, (Chars(0) * 12L) + 2), false) with { BinaryCollation = true };
            case "JSON_UNQUOTE" when a.Count == 1:
                return StringOf(Chars(0), false) with { BinaryCollation = true };
            case "DATE_FORMAT" or "TIME_FORMAT" when a.Count == 2:
                return StringOf(a[1] is BoundLiteral { Value.Type: ObType.String } format ? FormatLength(format.Value.String)
                    : (int)Math.Min(int.MaxValue, Arg(1).Length * 10L), false);
            case "FORMAT" when a.Count is 2 or 3:
                {
                    // MariaDB: the integer digits, a separator per three, the point, a sign, the decimals.
                    var t = Arg(0);
                    var digits = t.IsInteger ? Precision(a[0], t) : t.IsExactNumber ? IntegerPart(a[0], t) + 1 : 310;
                    var decimals = LiteralInt(a[1]) is { } d ? (int)Math.Clamp(d, 0, 38) : 38;
                    return StringOf(digits + (digits / 3) + (decimals > 0 ? 1 : 0) + 1 + decimals, false);
                }
            default:
                return null;
        }
    }

    // A JSON_ARRAY / JSON_OBJECT argument's share: a number its digits (at least 4), anything else twice its
    // characters (at least 2: escapes), and 4 for quotes and separators; a truth value (written true / false,
    // TypedCallRewriter casts it to BOOL) 9.
    private static long JsonArgumentChars(ResultType t) => (IsNumber(t) ? Math.Max(4L, CharLength(t)) : 2L * Math.Max(2L, CharLength(t))) + 4;

    // DATE_FORMAT's length: what each specifier can print at most (MariaDB's format_length: month and day
    // names 64, abbreviated 32, %H / %k 7 for long TIME hours), one for any other character.
    private static int FormatLength(string format)
    {
        var length = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i == format.Length - 1)
            {
                length++;
                continue;
            }
            length += format[++i] switch
            {
                'M' or 'W' => 64,
                'D' or 'Y' or 'x' or 'X' => 4,
                'a' or 'b' => 32,
                'j' => 3,
                'U' or 'u' or 'V' or 'v' or 'y' or 'm' or 'd' or 'h' or 'I' or 'i' or 'l' or 'p' or 'S' or 's' or 'c' or 'e' => 2,
                'k' or 'H' => 7,
                'r' => 11,
                'T' => 8,
                'f' => 6,
                _ => 1,
            };
        }
        return length;
    }

    // MariaDB computes SUBSTRING's length on s's bytes, then counts them as characters.
    private static ResultType Substring(IReadOnlyList<BoundExpr> a, ResultType s)
    {
        var length = (long)s.Length;
        if (LiteralInt(a[1]) is { } start)
            length = start < 0 ? (-start > length ? 0 : -start) : length - Math.Min(Math.Max(start - 1, 0), length);
        if (a.Count == 3 && LiteralInt(a[2]) is { } count)
            length = count <= 0 ? 0 : Math.Min(length, count);
        return StringOf((int)Math.Min(length, int.MaxValue), s.Binary);
    }

    // IF / IFNULL / NULLIF / COALESCE / GREATEST / LEAST (CaseType unifies CASE's branches the same way).
    private static ResultType? Hybrid(BoundFunction f, Func<BoundExpr, ResultType> infer)
    {
        var a = f.Args;
        switch (f.Name)
        {
            case "IF" when a.Count == 3:
                return Unified([a[1], a[2]], infer) with { NotNull = false }; // MariaDB: IF may be NULL whatever its branches
            case "IFNULL" when a.Count == 2:
                return Unified(a, infer) with { NotNull = infer(a[0]).NotNull || infer(a[1]).NotNull };
            case "COALESCE" when a.Count > 0:
                return Unified(a, infer) with { NotNull = a.Any(x => infer(x).NotNull) };
            case "GREATEST" or "LEAST" when a.Count > 0:
                return Unified(a, infer) with { NotNull = a.All(x => infer(x).NotNull) };
            case "NULLIF" when a.Count == 2:
                return infer(a[0]) with { NotNull = false };
            default:
                return null;
        }
    }

    private static readonly MySqlColumnType[] IntegerWidths =
        [MySqlColumnType.Tiny, MySqlColumnType.Short, MySqlColumnType.Int24, MySqlColumnType.Long, MySqlColumnType.LongLong];

    private static ResultType Unified(IReadOnlyList<BoundExpr> branches, Func<BoundExpr, ResultType> infer)
    {
        var typed = branches.Where(b => b is not BoundLiteral { Value.IsNull: true }).Select(b => (Expr: b, Type: infer(b))).ToList();
        if (typed.Count == 0)
            return ResultType.NullType;
        if (typed.All(x => x.Type.IsInteger))
        {
            var widest = typed.Max(x => Array.IndexOf(IntegerWidths, x.Type.Type));
            var unsigned = typed.All(x => x.Type.Unsigned);
            return new ResultType(IntegerWidths[widest], (uint)(typed.Max(x => Precision(x.Expr, x.Type)) + (unsigned ? 0 : 1)), Unsigned: unsigned);
        }
        if (typed.All(x => x.Type.IsExactNumber))
        {
            var scale = typed.Max(x => Scale(x.Type));
            return DecimalOf(typed.Max(x => IntegerPart(x.Expr, x.Type)) + scale, scale, typed.All(x => x.Type.Unsigned));
        }
        if (typed.All(x => IsNumber(x.Type)))
            return DoubleOf(typed.Max(x => RealDecimals(x.Type)));
        if (typed.All(x => x.Type.Type == typed[0].Type.Type && !IsString(x.Type)))
            return typed[0].Type with { Length = typed.Max(x => x.Type.Length), Decimals = typed.Max(x => x.Type.Decimals), NotNull = false };
        var binary = typed.Any(x => x.Type.Binary);
        var chars = typed.Max(x => CharLength(x.Type));
        if (typed.Any(x => x.Type.Type is MySqlColumnType.Blob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob))
        {
            // A binary result counts every character of a text branch as one byte.
            var longest = binary ? chars : typed.Max(x => x.Type.Length);
            return new ResultType(MySqlColumnType.Blob, longest, Binary: binary);
        }
        return StringOf((int)Math.Min(chars, int.MaxValue), binary);
    }
}
