using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// A resolved expression: column references are positions in the row being evaluated, functions
// are known by name. The MergeServer builds these from the SQL AST; the ChunkServer receives
// pushed-down filters in their serialized form (ExprSerializer).
public abstract record BoundExpr;

public sealed record BoundLiteral(ObObj Value) : BoundExpr;

// Index is the position in the row span handed to ExprEvaluator.
public sealed record BoundColumn(int Index) : BoundExpr;

public enum UnaryOp : byte
{
    Neg,
    Not,
    BitNot,
    Plus,
}

public sealed record BoundUnary(UnaryOp Op, BoundExpr Operand) : BoundExpr;

public enum BinaryOp : byte
{
    Add,
    Sub,
    Mul,
    Div,
    IntDiv,
    Mod,
    Eq,
    NullSafeEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Xor,
    BitAnd,
    BitOr,
    BitXor,
    ShiftLeft,
    ShiftRight,
}

public sealed record BoundBinary(BinaryOp Op, BoundExpr Left, BoundExpr Right) : BoundExpr
{
    // This node and the binary nodes below it along left operands, top first: a left-deep chain such as
    // a 50,000-term sum is one spine over its leftmost leaf. Walkers loop over it instead of recursing.
    public List<BoundBinary> LeftSpine()
    {
        var spine = new List<BoundBinary> { this };
        while (spine[^1].Left is BoundBinary next)
            spine.Add(next);
        return spine;
    }

    // Compared along the left spine in a loop (a 50,000-term sum is one spine); the hash reads only the
    // top node, so neither recurses down a chain.
    public bool Equals(BoundBinary? other)
    {
        var left = this;
        var right = other;
        while (right is not null)
        {
            if (ReferenceEquals(left, right))
                return true;
            if (left.Op != right.Op || !left.Right.Equals(right.Right))
                return false;
            if (left.Left is BoundBinary nextLeft && right.Left is BoundBinary nextRight)
            {
                left = nextLeft;
                right = nextRight;
                continue;
            }
            return left.Left.Equals(right.Left);
        }
        return false;
    }

    public override int GetHashCode() => HashCode.Combine(Op, Right.GetType(), Left.GetType());

    public override string ToString() => ExprFormatter.ToSql(this);
}

public sealed record BoundIsNull(BoundExpr Operand, bool Negated) : BoundExpr;

// x IS [NOT] TRUE / x IS [NOT] FALSE.
public sealed record BoundIsBool(BoundExpr Operand, bool Value, bool Negated) : BoundExpr;

public sealed record BoundInList(BoundExpr Operand, IReadOnlyList<BoundExpr> List, bool Negated) : BoundExpr
{
    public bool Equals(BoundInList? other) =>
        other is not null && Negated == other.Negated && Operand.Equals(other.Operand) && List.SequenceEqual(other.List);

    public override int GetHashCode() => HashCode.Combine(Operand, List.Count, Negated);
}

public sealed record BoundBetween(BoundExpr Operand, BoundExpr Low, BoundExpr High, bool Negated) : BoundExpr;

// Escape null = MySQL's default escape character '\'.
public sealed record BoundLike(BoundExpr Operand, BoundExpr Pattern, BoundExpr? Escape, bool Negated) : BoundExpr;

// A scalar function call; the name is kept upper case (see FunctionCatalog for the known names).
public sealed record BoundFunction : BoundExpr
{
    public BoundFunction(string name, IReadOnlyList<BoundExpr> args)
    {
        Name = name.ToUpperInvariant();
        Args = args;
    }

    public string Name { get; }
    public IReadOnlyList<BoundExpr> Args { get; }

    public bool Equals(BoundFunction? other) =>
        other is not null && Name == other.Name && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Name, Args.Count);
}

public sealed record CaseWhen(BoundExpr When, BoundExpr Then);

// CASE [operand] WHEN .. THEN .. [ELSE ..] END; with an operand each WHEN is compared to it with '='.
public sealed record BoundCase(BoundExpr? Operand, IReadOnlyList<CaseWhen> Whens, BoundExpr? Else) : BoundExpr
{
    public bool Equals(BoundCase? other) =>
        other is not null && Equals(Operand, other.Operand) && Equals(Else, other.Else) && Whens.SequenceEqual(other.Whens);

    public override int GetHashCode() => HashCode.Combine(Operand, Whens.Count, Else);
}

// CAST(x AS type); Scale >= 0 rounds a DECIMAL result to that many fraction digits.
// Width: DECIMAL(M,D)'s M or CHAR(N)/BINARY(N)'s N (0 = none given).
public sealed record BoundCast(BoundExpr Operand, ObType Target, int Scale = -1, int Width = 0) : BoundExpr;

// The operand's string under a collation: `x COLLATE name` (Explicit), or a column whose collation is
// not the default (Implicit, added by the binder). Comparisons, LIKE, sorting and grouping read the
// collation from the value (SqlValueComparer); any other value passes through unchanged.
public sealed record BoundCollate(BoundExpr Operand, CollationId Collation, CollationDerivation Derivation) : BoundExpr;
