using System.Collections.Frozen;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr.Functions;

// The scalar functions defined family by family (one file each: DateTimeFunctions, DatePartFunctions,
// StringSearchFunctions, StringShapeFunctions, DigestFunctions, MathFunctions, RegexFunctions). Each
// definition names its argument counts and a body over already evaluated arguments; unless it says
// otherwise, any NULL argument makes the result NULL without calling the body. FunctionCatalog and
// ScalarFunctions consult this library for every name they do not handle themselves, so a function
// defined here binds on the MergeServer and evaluates on the ChunkServer alike.
public delegate ObObj FunctionBody(ReadOnlySpan<ObObj> args, CallSite call);

// Where a body runs: the call it serves (functions with per-call state such as RAND(seed) key it by
// the call) and the statement's evaluation context.
public readonly record struct CallSite(BoundFunction Function, EvalContext Context);

public sealed record FunctionDefinition(string Name, int MinArgs, int MaxArgs, FunctionBody Body, bool NullIfAnyNull = true);

public static class FunctionLibrary
{
    public const int Many = int.MaxValue;

    private static readonly FrozenDictionary<string, FunctionDefinition> Definitions =
        new IEnumerable<FunctionDefinition>[]
        {
            DateTimeFunctions.Definitions, DatePartFunctions.Definitions, StrToDate.Definitions, StringSearchFunctions.Definitions,
            StringShapeFunctions.Definitions, DigestFunctions.Definitions, MathFunctions.Definitions, RegexFunctions.Definitions,
            ColumnTypeFunctions.Definitions, NumberBaseFunctions.Definitions, TimeFunctions.Definitions, JsonFunctions.Definitions, JsonEditFunctions.Definitions,
            SessionValueFunctions.Definitions, CollationFunctions.Definitions,
        }.SelectMany(d => d).ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(string name, out FunctionDefinition definition) =>
        Definitions.TryGetValue(name, out definition!);

    public static ObObj Invoke(FunctionDefinition definition, BoundFunction function, ReadOnlySpan<ObObj> row, EvalContext ctx)
    {
        var args = function.Args;
        var values = new ObObj[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ExprEvaluator.Evaluate(args[i], row, ctx);
            if (values[i].IsNull && definition.NullIfAnyNull)
                return ObObj.Null;
        }
        return definition.Body(values, new CallSite(function, ctx));
    }

    // Shorthands for the family files.
    internal static FunctionDefinition Def(string name, int min, int max, FunctionBody body, bool nullIfAnyNull = true) =>
        new(name, min, max, body, nullIfAnyNull);

    internal static string Text(ObObj v) => ExprValues.ToText(v);

    internal static ObObj Str(string s) => ObObj.FromString(s);
}
