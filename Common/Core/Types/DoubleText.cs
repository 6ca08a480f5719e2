using System.Globalization;
using System.Text;

namespace OceanClassic.Common.Types;

// A DOUBLE as MySQL's text protocol writes it (my_gcvt): the shortest digits that read back to the
// same double, in positional notation while the decimal point sits within 15 places either side
// (0.000000000000001, 100000000000000), else in exponent form without '+' or padding (1e15, 1e-16,
// 1.2345678901234568e17).
public static class DoubleText
{
    private const int DoubleDigits = 15; // DBL_DIG

    public static string Format(double d)
    {
        if (!double.IsFinite(d))
            return d.ToString("R", CultureInfo.InvariantCulture);
        if (d == 0)
            return "0"; // -0 too
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intLength = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var point = intLength + exponent - leadingZeros; // digits = 0.DDD x 10^point
        var text = new StringBuilder(32);
        if (d < 0)
            text.Append('-');
        if (point >= -DoubleDigits + 1 && (point <= DoubleDigits || digits.Length > point))
        {
            if (point <= 0)
                text.Append("0.").Append('0', -point).Append(digits);
            else if (point < digits.Length)
                text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            else
                text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
                text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
