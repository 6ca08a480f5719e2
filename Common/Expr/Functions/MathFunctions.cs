using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Numbers: POWER / POW, SQRT, EXP, LN / LOG / LOG2 / LOG10 (NULL outside the domain, as MySQL), SIGN,
// PI, the trigonometric functions, DEGREES / RADIANS, CONV between bases 2..36, and RAND([seed]) with
// MySQL's own generator, so a seeded sequence matches MySQL's row for row; BIT_COUNT (ExprBitwise).
internal static class MathFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("POWER", 2, 2, (a, _) => Real(Math.Pow(D(a[0]), D(a[1])))),
        Def("POW", 2, 2, (a, _) => Real(Math.Pow(D(a[0]), D(a[1])))),
        Def("SQRT", 1, 1, (a, _) => D(a[0]) < 0 ? ObObj.Null : ObObj.FromDouble(Math.Sqrt(D(a[0])))),
        Def("EXP", 1, 1, (a, _) => Real(Math.Exp(D(a[0])))),
        Def("LN", 1, 1, (a, c) => DomainChecked(Log(D(a[0])), c)),
        Def("LOG", 1, 2, (a, c) => DomainChecked(a.Length == 1 ? Log(D(a[0])) : LogBase(D(a[0]), D(a[1])), c)),
        Def("LOG2", 1, 1, (a, c) => DomainChecked(LogBase(2, D(a[0])), c)),
        Def("LOG10", 1, 1, (a, c) => DomainChecked(D(a[0]) <= 0 ? ObObj.Null : ObObj.FromDouble(Math.Log10(D(a[0]))), c)),
        Def("SIGN", 1, 1, (a, _) => ObObj.FromInt(Sign(a[0]))),
        Def("PI", 0, 0, (_, _) => ObObj.FromDouble(Math.PI)),
        Def("SIN", 1, 1, (a, _) => ObObj.FromDouble(Math.Sin(D(a[0])))),
        Def("COS", 1, 1, (a, _) => ObObj.FromDouble(Math.Cos(D(a[0])))),
        Def("TAN", 1, 1, (a, _) => ObObj.FromDouble(Math.Tan(D(a[0])))),
        Def("COT", 1, 1, (a, _) => Real(1 / Math.Tan(D(a[0])))),
        Def("ASIN", 1, 1, (a, _) => Real(Math.Asin(D(a[0])), nanIsNull: true)),
        Def("ACOS", 1, 1, (a, _) => Real(Math.Acos(D(a[0])), nanIsNull: true)),
        Def("ATAN", 1, 2, (a, _) => ObObj.FromDouble(a.Length == 1 ? Math.Atan(D(a[0])) : Math.Atan2(D(a[0]), D(a[1])))),
        Def("ATAN2", 2, 2, (a, _) => ObObj.FromDouble(Math.Atan2(D(a[0]), D(a[1])))),
        Def("DEGREES", 1, 1, (a, _) => ObObj.FromDouble(D(a[0]) * 180 / Math.PI)),
        Def("RADIANS", 1, 1, (a, _) => ObObj.FromDouble(D(a[0]) * Math.PI / 180)),
        Def("CONV", 3, 3, (a, _) => Conv(Text(a[0]), a[1].ToInt64(), a[2].ToInt64())),
        Def("RAND", 0, 1, Rand, nullIfAnyNull: false),
        Def("BIT_COUNT", 1, 1, (a, _) => ExprBitwise.BitCount(a[0])),
    ];

    private static double D(ObObj v) => ExprValues.ToNumber(v).ToDouble();

    private static ObObj Real(double d, bool nanIsNull = false)
    {
        if (double.IsNaN(d) && nanIsNull)
            return ObObj.Null;
        if (!double.IsFinite(d))
            throw new ExprException(ExprErrorCodes.ValueOutOfRange, "DOUBLE value is out of range");
        return ObObj.FromDouble(d);
    }

    // MariaDB treats a logarithm outside its domain as a division by zero: 1365 (a warning, or the
    // error of a strict write).
    private static ObObj DomainChecked(ObObj result, CallSite call)
    {
        if (result.IsNull)
            ExprArithmetic.CheckDivisor(call.Context);
        return result;
    }

    private static ObObj Log(double x) => x <= 0 ? ObObj.Null : ObObj.FromDouble(Math.Log(x));

    private static ObObj LogBase(double b, double x) => x <= 0 || b <= 0 || b == 1 ? ObObj.Null : ObObj.FromDouble(Math.Log(x) / Math.Log(b));

    private static long Sign(ObObj v)
    {
        var n = ExprValues.ToNumber(v);
        return n.Type switch
        {
            ObType.Int => Math.Sign(n.Int),
            ObType.UInt => n.UInt == 0 ? 0 : 1,
            ObType.Decimal => Math.Sign(n.Decimal),
            _ => Math.Sign(n.ToDouble()),
        };
    }

    // CONV(n, from, to): n read in base |from| (as far as its digits go; a leading '-' negates), written in
    // base |to|; a negative `to` writes a signed number, a positive one the unsigned 64-bit value.
    private static ObObj Conv(string n, long from, long to)
    {
        var (fromBase, toBase) = (Math.Abs(from), Math.Abs(to));
        if (fromBase is < 2 or > 36 || toBase is < 2 or > 36 || n.Length == 0)
            return ObObj.Null; // an empty string too, as MariaDB
        var s = n.Trim();
        var negative = s.StartsWith('-');
        if (negative)
            s = s[1..];
        ulong value = 0;
        foreach (var c in s)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToUpperInvariant(c) - 'A' + 10 : 99;
            if (digit >= fromBase)
                break;
            value = value > (ulong.MaxValue - (ulong)digit) / (ulong)fromBase ? ulong.MaxValue : (value * (ulong)fromBase) + (ulong)digit;
        }
        var signedOut = to < 0;
        if (negative)
            value = unchecked((ulong)-(long)value);
        var outNegative = signedOut && (long)value < 0;
        var magnitude = outNegative ? unchecked((ulong)-(long)value) : value;
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var text = magnitude == 0 ? "0" : "";
        while (magnitude > 0)
        {
            text = digits[(int)(magnitude % (ulong)toBase)] + text;
            magnitude /= (ulong)toBase;
        }
        return Str(outNegative ? "-" + text : text);
    }

    // MySQL's my_rnd: two 30-bit seeds; RAND(n) starts them from n once per call site and statement.
    private sealed class RandomState
    {
        private const uint Max = 0x3FFFFFFF;
        private ulong _seed1;
        private ulong _seed2;

        public RandomState(uint seed1, uint seed2)
        {
            _seed1 = seed1 % Max;
            _seed2 = seed2 % Max;
        }

        public double Next()
        {
            _seed1 = ((_seed1 * 3) + _seed2) % Max;
            _seed2 = (_seed1 + _seed2 + 33) % Max;
            return _seed1 / (double)Max;
        }
    }

    private static ObObj Rand(ReadOnlySpan<ObObj> a, CallSite call)
    {
        if (a.Length == 0)
            return ObObj.FromDouble(Random.Shared.NextDouble());
        var seed = a[0].IsNull ? 0u : unchecked((uint)a[0].ToInt64());
        var state = (RandomState)call.Context.StateOf(call.Function,
            () => new RandomState(unchecked((seed * 0x10001u) + 55555555u), unchecked(seed * 0x10000001u)));
        return ObObj.FromDouble(state.Next());
    }
}
