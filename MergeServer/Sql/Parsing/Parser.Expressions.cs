using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Expressions by precedence climbing; predicates (IS, LIKE, IN, BETWEEN) sit at comparison level.
public sealed partial class Parser
{
    public Expr ParseExpression() => ParseExpr(Precedence.Or);

    private Expr ParseExpr(int minPrecedence)
    {
        EnterNesting();
        try
        {
            return ParseInfix(ParsePrefix(), minPrecedence);
        }
        finally
        {
            LeaveNesting();
        }
    }

    // The operators after `left` that bind at least as tightly as minPrecedence. A chain of operators of
    // one level is this loop, not a recursion, so a 50,000-term sum costs no stack here. Each predicate
    // ("x IS NULL IS NULL ...") wraps the whole left side, so it counts as a level of nesting.
    private Expr ParseInfix(Expr left, int minPrecedence)
    {
        int predicates = 0;
        try
        {
            while (true)
            {
                var token = Current;
                int precedence = InfixPrecedence(token);
                if (precedence < minPrecedence)
                {
                    return left;
                }

                if (precedence == Precedence.Comparison && token.Kind == TokenKind.Identifier)
                {
                    predicates++;
                    EnterNesting();
                    left = ParsePredicate(left);
                }
                else if (LogicalOperator(token) is { } logical)
                {
                    left = ParseLogicalChain(logical, left, precedence);
                }
                else
                {
                    left = ParseBinary(left, precedence);
                }
            }
        }
        finally
        {
            _depth -= predicates;
        }
    }

    // a OR b OR c ...: all operands of the run, then one balanced tree (see LogicalChain).
    private Expr ParseLogicalChain(BinaryOperator op, Expr first, int precedence)
    {
        var operands = new List<Expr>();
        LogicalChain.AddOperands(op, first, operands);
        while (LogicalOperator(Current) == op)
        {
            _pos++;
            LogicalChain.AddOperands(op, ParseExpr(precedence + 1), operands);
        }

        return LogicalChain.Build(op, operands);
    }

    private BinaryOperator? LogicalOperator(Token token) => token.Kind switch
    {
        TokenKind.PipePipe => BinaryOperator.Or,
        TokenKind.AmpAmp => BinaryOperator.And,
        TokenKind.Identifier when IsWord(token, "OR") => BinaryOperator.Or,
        TokenKind.Identifier when IsWord(token, "AND") => BinaryOperator.And,
        TokenKind.Identifier when IsWord(token, "XOR") => BinaryOperator.Xor,
        _ => null,
    };

    private int InfixPrecedence(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.PipePipe:
                return Precedence.Or;
            case TokenKind.AmpAmp:
                return Precedence.And;
            case TokenKind.Eq or TokenKind.NullSafeEq or TokenKind.NotEq or TokenKind.Lt or TokenKind.Le
                or TokenKind.Gt or TokenKind.Ge:
                return Precedence.Comparison;
            case TokenKind.Pipe:
                return Precedence.BitOr;
            case TokenKind.Amp:
                return Precedence.BitAnd;
            case TokenKind.ShiftLeft or TokenKind.ShiftRight:
                return Precedence.Shift;
            case TokenKind.Plus or TokenKind.Minus:
                return Precedence.Additive;
            case TokenKind.Star or TokenKind.Slash or TokenKind.Percent:
                return Precedence.Multiplicative;
            case TokenKind.Caret:
                return Precedence.BitXor;
            case TokenKind.Identifier:
                break;
            default:
                return Precedence.Lowest;
        }

        var word = TextOf(token);
        if (word.Equals("OR", StringComparison.OrdinalIgnoreCase))
        {
            return Precedence.Or;
        }

        if (word.Equals("XOR", StringComparison.OrdinalIgnoreCase))
        {
            return Precedence.Xor;
        }

        if (word.Equals("AND", StringComparison.OrdinalIgnoreCase))
        {
            return Precedence.And;
        }

        if (word.Equals("DIV", StringComparison.OrdinalIgnoreCase) || word.Equals("MOD", StringComparison.OrdinalIgnoreCase))
        {
            return Precedence.Multiplicative;
        }

        if (IsPredicateWord(word))
        {
            return Precedence.Comparison;
        }

        if (word.Equals("NOT", StringComparison.OrdinalIgnoreCase) && IsPredicateWord(TextOf(Peek(1))) &&
            Peek(1).Kind == TokenKind.Identifier && !IsAt(1, "IS"))
        {
            return Precedence.Comparison;
        }

        return Precedence.Lowest;
    }

    private static bool IsPredicateWord(ReadOnlySpan<char> word) =>
        word.Equals("IS", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("LIKE", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("IN", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("BETWEEN", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("REGEXP", StringComparison.OrdinalIgnoreCase) ||
        word.Equals("RLIKE", StringComparison.OrdinalIgnoreCase);

    private Expr ParseBinary(Expr left, int precedence)
    {
        var token = Advance();
        var op = token.Kind switch
        {
            TokenKind.PipePipe => BinaryOperator.Or,
            TokenKind.AmpAmp => BinaryOperator.And,
            TokenKind.Eq => BinaryOperator.Equal,
            TokenKind.NullSafeEq => BinaryOperator.NullSafeEqual,
            TokenKind.NotEq => BinaryOperator.NotEqual,
            TokenKind.Lt => BinaryOperator.Less,
            TokenKind.Le => BinaryOperator.LessOrEqual,
            TokenKind.Gt => BinaryOperator.Greater,
            TokenKind.Ge => BinaryOperator.GreaterOrEqual,
            TokenKind.Pipe => BinaryOperator.BitOr,
            TokenKind.Amp => BinaryOperator.BitAnd,
            TokenKind.ShiftLeft => BinaryOperator.ShiftLeft,
            TokenKind.ShiftRight => BinaryOperator.ShiftRight,
            TokenKind.Plus => BinaryOperator.Add,
            TokenKind.Minus => BinaryOperator.Subtract,
            TokenKind.Star => BinaryOperator.Multiply,
            TokenKind.Slash => BinaryOperator.Divide,
            TokenKind.Percent => BinaryOperator.Modulo,
            TokenKind.Caret => BinaryOperator.BitXor,
            _ => WordOperator(token),
        };

        if (TryParseQuantified(op, left) is { } quantified)
        {
            return quantified;
        }

        // All binary operators are left-associative: the right side must bind tighter.
        var right = ParseExpr(precedence + 1);
        return new BinaryExpr(op, left, right);
    }

    private BinaryOperator WordOperator(Token token)
    {
        if (IsWord(token, "OR"))
        {
            return BinaryOperator.Or;
        }

        if (IsWord(token, "XOR"))
        {
            return BinaryOperator.Xor;
        }

        if (IsWord(token, "AND"))
        {
            return BinaryOperator.And;
        }

        return IsWord(token, "DIV") ? BinaryOperator.IntegerDivide : BinaryOperator.Modulo;
    }

    private Expr ParsePredicate(Expr left)
    {
        if (Accept("IS"))
        {
            bool negatedIs = Accept("NOT");
            if (Accept("NULL") || Accept("UNKNOWN"))
            {
                return new IsNullExpr(left, negatedIs);
            }

            if (Accept("TRUE"))
            {
                return new IsBoolExpr(left, Value: true, negatedIs);
            }

            Expect("FALSE");
            return new IsBoolExpr(left, Value: false, negatedIs);
        }

        bool negated = Accept("NOT");
        if (Accept("LIKE"))
        {
            var pattern = ParseExpr(Precedence.BitOr);
            var escape = Accept("ESCAPE") ? ParseExpr(Precedence.BitOr) : null;
            return new LikeExpr(left, pattern, escape, negated);
        }

        if (Accept("IN"))
        {
            Expect(TokenKind.LParen);
            if (TryParseInSubquery(left, negated) is { } inSubquery)
            {
                return inSubquery;
            }

            var list = ParseExpressionList();
            Expect(TokenKind.RParen);
            return new InListExpr(left, list, negated);
        }

        if (Accept("BETWEEN"))
        {
            var low = ParseExpr(Precedence.BitOr);
            Expect("AND");
            var high = ParseExpr(Precedence.BitOr);
            return new BetweenExpr(left, low, high, negated);
        }

        // REGEXP / RLIKE
        _pos++;
        var regexp = new BinaryExpr(BinaryOperator.Regexp, left, ParseExpr(Precedence.BitOr));
        return negated ? new UnaryExpr(UnaryOperator.Not, regexp) : regexp;
    }

    private void RejectSubquery()
    {
        if (Is("SELECT"))
        {
            // Subqueries are not supported yet.
            throw Error();
        }
    }

    public SqlList<Expr> ParseExpressionList()
    {
        var items = new List<Expr> { ParseExpression() };
        while (Accept(TokenKind.Comma))
        {
            items.Add(ParseExpression());
        }

        return SqlList.From(items);
    }

    // A run of one prefix operator ("NOT NOT NOT x", "- - - 1") is counted in a loop, not recursed into.
    private Expr ParsePrefix()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Minus:
                {
                    int count = SkipRun(token);
                    var operand = ParseExpr(Precedence.Unary);
                    for (int i = 0; i < count; i++)
                    {
                        operand = Negate(operand);
                    }

                    // A literal absorbs its minus signs; anything else keeps one level per sign.
                    if (count > MaxDepth - _depth && operand is UnaryExpr)
                    {
                        throw SqlSyntaxException.MemoryExhausted(_sql, token.Start, token.Line);
                    }

                    return operand;
                }

            case TokenKind.Plus:
                // MySQL ignores unary plus.
                SkipRun(token);
                return ParseExpr(Precedence.Unary);
            case TokenKind.Tilde:
                return Repeated(UnaryOperator.BitNot, SkipRun(token), ParseExpr(Precedence.Unary));
            case TokenKind.Bang:
                return Repeated(UnaryOperator.Not, SkipRun(token), ParseExpr(Precedence.Bang));
            case TokenKind.Identifier when IsWord(token, "NOT"):
                return Repeated(UnaryOperator.Not, SkipRun(token), ParseExpr(Precedence.Comparison));
            default:
                return ParseCollations(ParseJsonPaths(ParsePrimary()));
        }
    }

    // Skips the current token and every following token just like it; returns how many there were.
    private int SkipRun(Token first)
    {
        var text = TextOf(first);
        int count = 0;
        while (Current.Kind == first.Kind && TextOf(Current).Equals(text, StringComparison.OrdinalIgnoreCase))
        {
            _pos++;
            count++;
        }

        return count;
    }

    // NOT and ~ applied `count` times. Both yield a value that two more applications give back unchanged
    // (NOT: 0, 1 or NULL; ~: an unsigned integer or NULL), so three or more reduce to one or two.
    private static Expr Repeated(UnaryOperator op, int count, Expr operand)
    {
        int applied = count <= 2 ? count : 2 - (count % 2);
        for (int i = 0; i < applied; i++)
        {
            operand = new UnaryExpr(op, operand);
        }

        return operand;
    }

    // Postfix `COLLATE name` (repeatable: the last one wins when bound).
    private Expr ParseCollations(Expr operand)
    {
        while (Accept("COLLATE"))
            operand = new CollateExpr(operand, ParseNameOrString());
        return operand;
    }

    // Folds a minus into numeric literals so "-5" is the literal -5 (and prints back the same).
    private static Expr Negate(Expr operand) => operand switch
    {
        Int64Literal { Value: not long.MinValue } i => new Int64Literal(-i.Value),
        Int64Literal => new UInt64Literal(9223372036854775808UL),
        UInt64Literal { Value: 9223372036854775808UL } => new Int64Literal(long.MinValue),
        UInt64Literal u => new DecimalLiteral(-(decimal)u.Value),
        DecimalLiteral d => new DecimalLiteral(-d.Value),
        DoubleLiteral f => new DoubleLiteral(-f.Value),
        _ => new UnaryExpr(UnaryOperator.Minus, operand),
    };
}
