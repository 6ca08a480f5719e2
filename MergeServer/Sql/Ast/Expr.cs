using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public abstract record Expr : SqlNode
{
    // How tightly this node binds when printed; atoms never need parentheses.
    public virtual int Precedence => Ast.Precedence.Atom;
}

public enum VariableScope
{
    Default,
    Session,
    Global,
}

public enum UnaryOperator
{
    Minus,
    Not,
    BitNot,
}

public enum BinaryOperator
{
    Or,
    Xor,
    And,
    Equal,
    NullSafeEqual,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Regexp,
    BitOr,
    BitAnd,
    ShiftLeft,
    ShiftRight,
    Add,
    Subtract,
    Multiply,
    Divide,
    IntegerDivide,
    Modulo,
    BitXor,
}

public sealed record ColumnRef(string? Table, string Column, string? Schema = null) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        if (Table is not null)
        {
            builder.AppendTableName(Schema, Table).Append('.');
        }

        builder.AppendIdentifier(Column);
    }
}

// `*` or `t.*` in a select list.
public sealed record StarExpr(string? Table = null, string? Schema = null) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        if (Table is not null)
        {
            builder.AppendTableName(Schema, Table).Append('.');
        }

        builder.Append('*');
    }
}

public sealed record SystemVariable(VariableScope Scope, string Name) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Scope switch
        {
            VariableScope.Session => "@@session.",
            VariableScope.Global => "@@global.",
            _ => "@@",
        });
        builder.Append(Name);
    }
}

public sealed record UserVariable(string Name) : Expr
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append('@');
        if (Name.Length > 0 && Name.All(c => Lexing.Lexer.IsIdentifierChar(c) || c == '.'))
        {
            builder.Append(Name);
        }
        else
        {
            builder.Append('`').Append(Name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
        }
    }
}

// `?` in a prepared statement; Index counts markers from 0 in text order.
public sealed record ParameterMarker(int Index) : Expr
{
    public override void WriteSql(StringBuilder builder) => builder.Append('?');
}

// The DEFAULT keyword as a value (INSERT ... VALUES (DEFAULT), SET x = DEFAULT).
public sealed record DefaultValue : Expr
{
    public override void WriteSql(StringBuilder builder) => builder.Append("DEFAULT");
}

public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand) : Expr
{
    public override int Precedence => Operator == UnaryOperator.Not ? Ast.Precedence.Not : Ast.Precedence.Unary;

    public override void WriteSql(StringBuilder builder)
    {
        if (Operator == UnaryOperator.Not)
        {
            builder.Append("NOT ").AppendExpr(Operand, Ast.Precedence.Comparison);
            return;
        }

        builder.Append(Operator == UnaryOperator.Minus ? '-' : '~');
        int mark = builder.Length;
        builder.AppendExpr(Operand, Ast.Precedence.Unary);
        if (mark < builder.Length && builder[mark] is '-' or '~')
        {
            // "--x" would read as a comment start.
            builder.Insert(mark, ' ');
        }
    }
}

public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right) : Expr
{
    public override int Precedence => PrecedenceOf(Operator);

    // Compared along the left spine in a loop (a 50,000-term sum is one spine); the hash reads only the
    // top node, so neither recurses down a chain.
    public bool Equals(BinaryExpr? other)
    {
        var left = this;
        var right = other;
        while (right is not null)
        {
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (left.Operator != right.Operator || !left.Right.Equals(right.Right))
            {
                return false;
            }

            if (left.Left is BinaryExpr nextLeft && right.Left is BinaryExpr nextRight)
            {
                left = nextLeft;
                right = nextRight;
                continue;
            }

            return left.Left.Equals(right.Left);
        }

        return false;
    }

    public override int GetHashCode() => HashCode.Combine(Operator, Right.GetType(), Left.GetType());

    public override string ToString() => ToSql();

    public static int PrecedenceOf(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => Ast.Precedence.Or,
        BinaryOperator.Xor => Ast.Precedence.Xor,
        BinaryOperator.And => Ast.Precedence.And,
        BinaryOperator.BitOr => Ast.Precedence.BitOr,
        BinaryOperator.BitAnd => Ast.Precedence.BitAnd,
        BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight => Ast.Precedence.Shift,
        BinaryOperator.Add or BinaryOperator.Subtract => Ast.Precedence.Additive,
        BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.IntegerDivide or BinaryOperator.Modulo =>
            Ast.Precedence.Multiplicative,
        BinaryOperator.BitXor => Ast.Precedence.BitXor,
        _ => Ast.Precedence.Comparison,
    };

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.Xor => "XOR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NullSafeEqual => "<=>",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Regexp => "REGEXP",
        BinaryOperator.BitOr => "|",
        BinaryOperator.BitAnd => "&",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.IntegerDivide => "DIV",
        BinaryOperator.Modulo => "%",
        BinaryOperator.BitXor => "^",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    // This node and the binary nodes below it along left operands, top first: "a + b - c" as the parser
    // builds it is the spine [(a + b) - c, a + b] over the leaf a. Walkers loop over it instead of recursing.
    public List<BinaryExpr> LeftSpine()
    {
        var spine = new List<BinaryExpr> { this };
        while (spine[^1].Left is BinaryExpr next)
        {
            spine.Add(next);
        }

        return spine;
    }

    // Left operands that print without parentheses are printed in a loop, bottom first.
    public override void WriteSql(StringBuilder builder)
    {
        var spine = new List<BinaryExpr> { this };
        while (spine[^1].Left is BinaryExpr next && next.Precedence >= spine[^1].Precedence)
        {
            spine.Add(next);
        }

        builder.AppendExpr(spine[^1].Left, spine[^1].Precedence);
        for (int i = spine.Count - 1; i >= 0; i--)
        {
            spine[i].WriteOperatorAndRight(builder);
        }
    }

    private void WriteOperatorAndRight(StringBuilder builder)
    {
        int precedence = Precedence;
        builder.Append(' ').Append(Symbol(Operator)).Append(' ');
        // Left-associative: a right operand of the same level is parenthesized, except in a logical chain,
        // which is one balanced tree however it was grouped (LogicalChain).
        bool chain = LogicalChain.IsLogical(Operator) && Right is BinaryExpr { Operator: var rightOp } && rightOp == Operator;
        builder.AppendExpr(Right, chain ? precedence : precedence + 1);
    }
}
