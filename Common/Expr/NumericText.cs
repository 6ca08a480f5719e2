using System.Globalization;
using OceanClassic.Common.Errors;
using OceanClassic.Common.Expr.Diagnostics;

namespace OceanClassic.Common.Expr;

// A string read as a number the way MySQL reads it: leading spaces skipped, the longest numeric prefix
// taken, and 1292 "Truncated incorrect <TYPE> value" raised when anything is left over: a Note when only
// trailing spaces are, a Warning otherwise (also for an empty string or one without digits).
public static class NumericText
{
    // The length of the numeric prefix of s after `start` leading spaces; 0 when there are no digits.
    // allowFraction/allowExponent: a DOUBLE or DECIMAL reads "1.5e3", an INTEGER stops at the '.'.
    public static int PrefixLength(ReadOnlySpan<char> s, bool allowFraction, out int start)
    {
        start = 0;
        while (start < s.Length && char.IsWhiteSpace(s[start]))
            start++;
        var i = start;
        if (i < s.Length && s[i] is '+' or '-')
            i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }
        if (allowFraction && i < s.Length && s[i] == '.')
        {
            var j = i + 1;
            var fraction = 0;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
                fraction++;
            }
            if (digits + fraction > 0)
            {
                i = j;
                digits += fraction;
            }
        }
        if (digits == 0)
            return 0;
        if (allowFraction && i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
                j++;
            var exponentDigits = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            if (j > exponentDigits)
                i = j;
        }
        return i - start;
    }

    // Warns unless the whole of s is the number; typeName is what MySQL names the target (DOUBLE,
    // DECIMAL, INTEGER).
    public static void CheckWhole(string s, bool allowFraction, string typeName)
    {
        var length = PrefixLength(s, allowFraction, out var start);
        var end = start + length;
        if (length > 0 && end == s.Length)
            return;
        var rest = s.AsSpan(end);
        if (length > 0 && rest.IsWhiteSpace())
            ExprWarnings.Note(ExprWarningCodes.TruncatedWrongValue, Truncated(typeName, s));
        else
            ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, Truncated(typeName, s));
    }

    public static string Truncated(string typeName, string value) =>
        string.Create(CultureInfo.InvariantCulture, $"Truncated incorrect {typeName} value: '{value}'");

    // A string's DOUBLE value for arithmetic, warning as MySQL does when it is not all number.
    public static double ToDouble(string s)
    {
        CheckWhole(s, allowFraction: true, "DOUBLE");
        return Types.ObObj.ParseDoublePrefix(s);
    }
}

// Warning codes raised by evaluation (the statement continues).
public static class ExprWarningCodes
{
    public const int UnknownError = SharedErrorCodes.Unknown;  // ER_UNKNOWN_ERROR (CAST to UNSIGNED of a negative)
    public const int WarnDataOutOfRange = 1264;        // ER_WARN_DATA_OUT_OF_RANGE
    public const int TruncatedWrongValue = 1292;       // ER_TRUNCATED_WRONG_VALUE
    public const int WrongValueForFunction = 1411;     // ER_WRONG_VALUE_FOR_TYPE
    public const int UnknownLocale = 1649;             // ER_UNKNOWN_LOCALE
    public const int DataOverflow = 1916;              // ER_DATA_OVERFLOW
}
