using System.Globalization;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// BIN(n) and OCT(n): a number's base-2 / base-8 digits (CONV(n, 10, 2 | 8)); negatives as their 64-bit
// two's complement. A BIT value is its number; other strings (hex and bit literals included, as MariaDB
// reads them here) their numeric prefix.
internal static class NumberBaseFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("BIN", 1, 1, (a, _) => Str(Digits(Number(a[0]), 2))),
        Def("OCT", 1, 1, (a, _) => Str(Digits(Number(a[0]), 8))),
    ];

    private static ulong Number(ObObj v)
    {
        if (v.IsBitValue || v.Type == ObType.String && v.CarriedNumber is not null)
            return v.CarriedNumber!.Value;
        var d = v.Type is ObType.String or ObType.Binary
            ? Math.Truncate(ObObj.ParseDoublePrefix(ExprValues.ToText(v)))
            : Math.Truncate(ExprValues.ToNumber(v).ToDouble());
        if (d >= 1.8446744073709552e19)
            return ulong.MaxValue;
        return d < 0 ? unchecked((ulong)(long)Math.Max(d, -9.2233720368547758e18)) : (ulong)d;
    }

    private static string Digits(ulong n, int radix)
    {
        if (n == 0)
            return "0";
        var digits = new Stack<char>();
        while (n > 0)
        {
            digits.Push((char)('0' + (int)(n % (ulong)radix)));
            n /= (ulong)radix;
        }
        return string.Concat(digits).ToString(CultureInfo.InvariantCulture);
    }
}
