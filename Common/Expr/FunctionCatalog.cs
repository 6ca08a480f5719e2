using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Expr.Functions;

namespace OceanClassic.Common.Expr;

// The scalar functions the evaluator knows, with their argument counts (these here, and every
// function of FunctionLibrary). The MergeServer calls Check at bind time so a bad call fails before any
// row is read.
public static class FunctionCatalog
{
    private const int Many = int.MaxValue;

    private static readonly FrozenDictionary<string, (int Min, int Max)> Arity = new Dictionary<string, (int, int)>
    {
        ["CONCAT"] = (1, Many),
        ["CONCAT_WS"] = (2, Many),
        ["LENGTH"] = (1, 1),
        ["OCTET_LENGTH"] = (1, 1),
        ["CHAR_LENGTH"] = (1, 1),
        ["CHARACTER_LENGTH"] = (1, 1),
        ["UPPER"] = (1, 1),
        ["UCASE"] = (1, 1),
        ["LOWER"] = (1, 1),
        ["LCASE"] = (1, 1),
        ["SUBSTRING"] = (2, 3),
        ["SUBSTR"] = (2, 3),
        ["TRIM"] = (1, 3),     // TRIM(str [, remstr [, 'BOTH'|'LEADING'|'TRAILING']])
        ["LTRIM"] = (1, 1),
        ["RTRIM"] = (1, 1),
        ["REPLACE"] = (3, 3),
        ["LEFT"] = (2, 2),
        ["RIGHT"] = (2, 2),
        ["IFNULL"] = (2, 2),
        ["COALESCE"] = (1, Many),
        ["NULLIF"] = (2, 2),
        ["IF"] = (3, 3),
        ["ABS"] = (1, 1),
        ["ROUND"] = (1, 2),
        ["TRUNCATE"] = (2, 2),
        ["FLOOR"] = (1, 1),
        ["CEIL"] = (1, 1),
        ["CEILING"] = (1, 1),
        ["MOD"] = (2, 2),
        ["GREATEST"] = (2, Many),
        ["LEAST"] = (2, Many),
        ["NOW"] = (0, 1),
        ["CURRENT_TIMESTAMP"] = (0, 1),
        ["LOCALTIME"] = (0, 1),
        ["LOCALTIMESTAMP"] = (0, 1),
        ["SYSDATE"] = (0, 1),
        ["CURDATE"] = (0, 0),
        ["CURRENT_DATE"] = (0, 0),
        ["DATE_FORMAT"] = (2, 2),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string name) => Arity.ContainsKey(name) || FunctionLibrary.TryGet(name, out _);

    public static void Check(string name, int argCount)
    {
        if (!Arity.TryGetValue(name, out var arity))
        {
            if (!FunctionLibrary.TryGet(name, out var definition))
                ThrowUnknown(name);
            arity = (definition.MinArgs, definition.MaxArgs);
        }
        if (argCount < arity.Min || argCount > arity.Max)
            ThrowParamCount(name);
    }

    [DoesNotReturn]
    internal static void ThrowUnknown(string name) =>
        throw new ExprException(ExprErrorCodes.FunctionDoesNotExist, $"FUNCTION {name} does not exist");

    [DoesNotReturn]
    internal static void ThrowParamCount(string name) =>
        throw new ExprException(ExprErrorCodes.WrongParameterCount, $"Incorrect parameter count in the call to native function '{name}'");
}
