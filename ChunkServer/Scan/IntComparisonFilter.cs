using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// A pushed-down filter that is a conjunction (AND) of comparisons of one column with integer literals
// (=, <>, <, <=, >, >=, BETWEEN; the literal on either side), tested without ExprEvaluator. The MergeServer
// pushes the whole WHERE, the key's own `id BETWEEN a AND b` or `id = a` included, so every row a range
// scan reads is tested with it (session 22: half of a 100-row range's ChunkServer time went to evaluating
// it). For a row whose tested cells are integers the answer is long comparisons, which is what ExprCompare
// does for two Ints; a NULL cell makes its comparison NULL, so the conjunction is not true. Any other cell
// type (unsigned, decimal, string, ...) answers null: the caller evaluates the filter in full.
public sealed class IntComparisonFilter
{
    private readonly Term[] _terms;

    private IntComparisonFilter(Term[] terms) => _terms = terms;

    private readonly record struct Term(int Position, BinaryOp Op, long Value);

    // Null when the filter is not of that shape (or reads a position outside the row of `width`).
    public static IntComparisonFilter? TryCompile(BoundExpr filter, int width)
    {
        var terms = new List<Term>();
        return Collect(filter, width, terms) ? new IntComparisonFilter([.. terms]) : null;
    }

    private static bool Collect(BoundExpr e, int width, List<Term> terms)
    {
        switch (e)
        {
            case BoundBinary { Op: BinaryOp.And } and:
                return Collect(and.Left, width, terms) && Collect(and.Right, width, terms);
            case BoundBetween { Negated: false, Operand: BoundColumn c, Low: BoundLiteral { Value.Type: ObType.Int } low, High: BoundLiteral { Value.Type: ObType.Int } high }
                when c.Index >= 0 && c.Index < width:
                terms.Add(new Term(c.Index, BinaryOp.Ge, low.Value.Int));
                terms.Add(new Term(c.Index, BinaryOp.Le, high.Value.Int));
                return true;
            case BoundBinary { Op: BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge } cmp:
                if (cmp is { Left: BoundColumn lc, Right: BoundLiteral { Value.Type: ObType.Int } rl } && lc.Index >= 0 && lc.Index < width)
                {
                    terms.Add(new Term(lc.Index, cmp.Op, rl.Value.Int));
                    return true;
                }
                if (cmp is { Left: BoundLiteral { Value.Type: ObType.Int } ll, Right: BoundColumn rc } && rc.Index >= 0 && rc.Index < width)
                {
                    terms.Add(new Term(rc.Index, Mirrored(cmp.Op), ll.Value.Int));
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    // `literal op column` as `column op' literal`.
    private static BinaryOp Mirrored(BinaryOp op) => op switch
    {
        BinaryOp.Lt => BinaryOp.Gt,
        BinaryOp.Le => BinaryOp.Ge,
        BinaryOp.Gt => BinaryOp.Lt,
        BinaryOp.Ge => BinaryOp.Le,
        _ => op,
    };

    // Whether the filter is true for the row; null when a tested cell is neither an integer nor NULL (and no
    // comparison before it was already false or NULL, which leaves the conjunction not true whatever follows).
    public bool? Passes(ReadOnlySpan<ObObj> row)
    {
        foreach (var term in _terms)
        {
            var cell = row[term.Position];
            if (cell.Type == ObType.Null)
                return false;
            if (cell.Type != ObType.Int)
                return null;
            var v = cell.Int;
            var holds = term.Op switch
            {
                BinaryOp.Eq => v == term.Value,
                BinaryOp.Ne => v != term.Value,
                BinaryOp.Lt => v < term.Value,
                BinaryOp.Le => v <= term.Value,
                BinaryOp.Gt => v > term.Value,
                _ => v >= term.Value,
            };
            if (!holds)
                return false;
        }
        return true;
    }
}
