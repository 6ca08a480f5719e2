using System.Text;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Functions;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Turns SQL AST expressions into BoundExpr: names resolve through the scope, session functions and
// variables fold into literals, scalar functions are checked against the evaluator's catalog.
public sealed partial class ExprBinder(ISessionFunctions session, IReadOnlyList<ObObj>? parameters = null)
{
    // The statement's subquery results; null where subqueries cannot appear.
    public SubqueryCache? Subqueries { get; init; }

    // The results of the statement's user-level lock functions, run before binding (LockFunctionCalls).
    public Dictionary<FunctionCall, ObObj>? LockResults { get; set; }

    // Whether a LAST_INSERT_ID(expr) has been bound: a LAST_INSERT_ID() bound after it reads the value it sets.
    private bool _setsLastInsertId;

    // COM_STMT_PREPARE plans only to describe the result: lock functions are not run then.
    public bool PlanningOnly { get; init; }

    // When set (a prepared statement's execution that may keep its plan), every `?` bound as a value is
    // recorded with its literal, so a kept plan can put the next execution's values in its place.
    public List<(BoundLiteral Literal, int Index)>? ParameterLiterals { get; init; }

    // How many times binding folded the session's state into a literal (variables, DATABASE(), USER(),
    // LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS(), lock functions): such a bound tree holds this
    // statement's values of them and must not be kept for the next execution.
    public int SessionReads { get; private set; }

    // The value bound to a `?` of the prepared statement being executed.
    public ObObj Parameter(ParameterMarker marker)
    {
        if (parameters is null)
            throw SqlError.FromCode(ErrorCodes.ParseError,
                "You have an error in your SQL syntax; '?' parameters are only allowed in prepared statements");
        return parameters[marker.Index];
    }

    public ObObj SystemVariable(string name) => session.GetSystemVariable(VariableScope.Default, name);

    public BoundExpr Bind(Expr expr, IBindScope scope, string clause)
    {
        StackGuard.Check();
        if (scope.TryBindWhole(expr, this, clause) is { } whole)
            return whole;
        return expr switch
        {
            Literal l => new BoundLiteral(LiteralValue(l)),
            ColumnRef c => scope.BindColumn(c, clause),
            SystemVariable v => SessionRead(session.GetSystemVariable(v.Scope, v.Name)),
            UserVariable v => SessionRead(session.GetUserVariable(v.Name)),
            UnaryExpr u => BindUnary(u, scope, clause),
            BinaryExpr { Left: RowExpr } or BinaryExpr { Right: RowExpr } => BindRowComparison((BinaryExpr)expr, scope, clause),
            InListExpr { Operand: RowExpr } i => BindRowInList(i, scope, clause),
            SubqueryExpr or ExistsExpr or InSubqueryExpr or QuantifiedComparisonExpr => BindSubquery(expr, scope, clause),
            RowExpr => throw OperandColumns(1),
            GroupConcatExpr => throw BindErrors.InvalidGroupFunction(),
            BinaryExpr b => BindSpecialBinary(b, scope, clause) ?? BindChain(b, scope, clause),
            IsNullExpr n => new BoundIsNull(Bind(n.Operand, scope, clause), n.Negated),
            IsBoolExpr n => new BoundIsBool(Bind(n.Operand, scope, clause), n.Value, n.Negated),
            InListExpr i => BindInList(i, scope, clause),
            BetweenExpr b => new BoundBetween(Bind(b.Operand, scope, clause), Bind(b.Low, scope, clause), Bind(b.High, scope, clause), b.Negated),
            LikeExpr l => new BoundLike(Bind(l.Operand, scope, clause), Bind(l.Pattern, scope, clause),
                l.Escape is null ? null : Bind(l.Escape, scope, clause), l.Negated),
            FunctionCall f => BindFunction(f, scope, clause),
            CaseExpr c => BindCase(c, scope, clause),
            CastExpr c => BindCast(c, scope, clause),
            CollateExpr c => new BoundCollate(Bind(c.Operand, scope, clause), CollationNames.ForText(c.Collation).Id, CollationDerivation.Explicit),
            StarExpr => throw SqlError.FromCode(ErrorCodes.ParseError, "'*' is not allowed here"),
            DefaultValue => throw BindErrors.NotSupported("DEFAULT outside INSERT/UPDATE"),
            ParameterMarker p => BindParameter(p),
            _ => throw BindErrors.NotSupported(expr.ToSql()),
        };
    }

    private BoundLiteral BindParameter(ParameterMarker marker)
    {
        var literal = new BoundLiteral(Parameter(marker));
        ParameterLiterals?.Add((literal, marker.Index));
        return literal;
    }

    private BoundLiteral SessionRead(ObObj value)
    {
        SessionReads++;
        return new BoundLiteral(value);
    }

    // (Lambdas over scope and clause live here, not in Bind: a lambda there made its closure on every
    // node Bind visits.)
    private BoundInList BindInList(InListExpr i, IBindScope scope, string clause) =>
        new(Bind(i.Operand, scope, clause), [.. i.List.Select(e => Bind(e, scope, clause))], i.Negated);

    private BoundCase BindCase(CaseExpr c, IBindScope scope, string clause) =>
        new(c.Operand is null ? null : Bind(c.Operand, scope, clause),
            [.. c.Whens.Select(w => new CaseWhen(Bind(w.When, scope, clause), Bind(w.Then, scope, clause)))],
            c.Else is null ? null : Bind(c.Else, scope, clause));

    public static ObObj LiteralValue(Literal literal) => literal switch
    {
        NullLiteral => ObObj.Null,
        BoolLiteral b => ObObj.FromInt(b.Value ? 1 : 0),
        Int64Literal i => ObObj.FromInt(i.Value),
        UInt64Literal u => ObObj.FromUInt(u.Value),
        DecimalLiteral d => ObObj.FromDecimal(d.Value),
        DoubleLiteral d => ObObj.FromDouble(d.Value),
        StringLiteral s => ObObj.FromString(s.Value),
        HexLiteral h => ObObj.FromBinary(h.Bytes, h.IsNumber),
        _ => throw BindErrors.NotSupported(literal.ToSql()),
    };

    // A left-deep chain (a + b + c ..., as the parser builds it) binds in a loop down its left spine, in
    // the order recursion would: the leftmost operand first, then each right operand. A node the scope
    // binds whole (a GROUP BY expression) and a row comparison end the descent.
    private BoundExpr BindChain(BinaryExpr top, IBindScope scope, string clause)
    {
        var spine = new List<BinaryExpr> { top };
        BoundExpr? bound = null;
        while (spine[^1].Left is BinaryExpr { Left: not RowExpr, Right: not RowExpr } next && !IsSpecialBinary(next))
        {
            bound = scope.TryBindWhole(next, this, clause);
            if (bound is not null)
                break;
            spine.Add(next);
        }
        bound ??= Bind(spine[^1].Left, scope, clause);
        for (var i = spine.Count - 1; i >= 0; i--)
            bound = new BoundBinary(MapBinary(spine[i].Operator), bound, Bind(spine[i].Right, scope, clause));
        return bound;
    }

    private BoundExpr BindUnary(UnaryExpr u, IBindScope scope, string clause)
    {
        var operand = Bind(u.Operand, scope, clause);
        // Fold -literal so key-range extraction sees `id = -5` as a constant.
        if (u.Operator == UnaryOperator.Minus && operand is BoundLiteral { Value.IsNumeric: true } lit)
            return new BoundLiteral(ExprArithmetic.Negate(lit.Value));
        return u.Operator switch
        {
            UnaryOperator.Minus => new BoundUnary(UnaryOp.Neg, operand),
            UnaryOperator.Not => new BoundUnary(UnaryOp.Not, operand),
            _ => new BoundUnary(UnaryOp.BitNot, operand),
        };
    }

    private BoundExpr BindFunction(FunctionCall f, IBindScope scope, string clause)
    {
        if (AggregateFunctions.IsAggregate(f))
            throw BindErrors.InvalidGroupFunction();
        var name = f.Name.ToUpperInvariant();
        if (IsSessionFunction(name))
            SessionReads++;
        switch (name)
        {
            case "DATABASE":
            case "SCHEMA":
                return new BoundLiteral(session.CurrentDatabase is { } db ? ObObj.FromString(db) : ObObj.Null);
            case "VERSION":
                return new BoundLiteral(ObObj.FromString(session.ServerVersion));
            case "USER":
            case "CURRENT_USER":
            case "SESSION_USER":
            case "SYSTEM_USER":
                return new BoundLiteral(ObObj.FromString(session.UserAtHost));
            case "CONNECTION_ID":
                return new BoundLiteral(ObObj.FromUInt(session.ConnectionId));
            case "LAST_INSERT_ID" when f.Args.Count == 0:
                // After a LAST_INSERT_ID(expr) of the statement, read what it set when it runs; otherwise a literal
                // (WHERE id = LAST_INSERT_ID() stays a key lookup).
                var before = new BoundLiteral(ObObj.FromUInt(session.LastInsertId));
                return _setsLastInsertId ? new BoundFunction(SessionValueFunctions.LastInsertIdRead, [before]) : before;
            case "LAST_INSERT_ID":
                _setsLastInsertId = true;
                break;
            case "ROW_COUNT" when f.Args.Count == 0:
                return new BoundLiteral(ObObj.FromInt(session.RowCount));
            case "FOUND_ROWS" when f.Args.Count == 0:
                return new BoundLiteral(ObObj.FromUInt(session.FoundRows));
            case "GET_LOCK" or "RELEASE_LOCK" or "IS_FREE_LOCK" or "IS_USED_LOCK" or "RELEASE_ALL_LOCKS":
                if (LockResults is not null && LockResults.TryGetValue(f, out var lockResult))
                    return new BoundLiteral(lockResult);
                if (PlanningOnly)
                    return new BoundLiteral(ObObj.FromInt(0));
                throw BindErrors.NotSupported($"{name} outside the select list and SET values, or over columns");
            default:
                break;
        }
        var args = BindArguments(name, f.Args, scope, clause);
        try
        {
            FunctionCatalog.Check(name, args.Count);
        }
        catch (ExprException e)
        {
            throw SqlError.FromCode(e.Code, e.Message);
        }
        return TypedCallRewriter.Rewrite(name, f.Args, args);
    }

    private static bool IsSessionFunction(string name) => name is "DATABASE" or "SCHEMA" or "USER" or "CURRENT_USER" or "SESSION_USER"
        or "SYSTEM_USER" or "CONNECTION_ID" or "LAST_INSERT_ID" or "ROW_COUNT" or "FOUND_ROWS"
        or "GET_LOCK" or "RELEASE_LOCK" or "IS_FREE_LOCK" or "IS_USED_LOCK" or "RELEASE_ALL_LOCKS";

    private BoundExpr BindCast(CastExpr c, IBindScope scope, string clause)
    {
        if (c.IsLiteral && c.Operand is StringLiteral literal)
            TemporalLiteralCheck.Check(c.Type.Kind, literal.Value);
        var operand = Bind(c.Operand, scope, clause);
        var t = c.Type;
        if (t.Kind is SqlTypeKind.DateTime or SqlTypeKind.Timestamp or SqlTypeKind.Time && t.Precision > 6)
            SqlError.Throw(ErrorCodes.TooBigPrecision, $"Too big precision specified for '{c.Operand.ToSql()}'. Maximum is 6");
        var (target, scale) = t.Kind switch
        {
            _ when t.IsInteger => (t.Unsigned ? ObType.UInt : ObType.Int, -1),
            SqlTypeKind.Decimal => (ObType.Decimal, t.Scale ?? 0),
            SqlTypeKind.Float or SqlTypeKind.Double => (ObType.Double, -1),
            SqlTypeKind.Date => (ObType.Date, -1),
            SqlTypeKind.DateTime or SqlTypeKind.Timestamp => (ObType.DateTime, t.Precision ?? 0),
            SqlTypeKind.Time => (ObType.Time, t.Precision ?? 0),
            _ when t.IsBinary => (ObType.Binary, -1),
            _ => (ObType.String, -1),
        };
        var width = t.Kind switch
        {
            SqlTypeKind.Decimal => t.Precision ?? 10,
            _ when t.IsString || t.IsBinary || t.Kind == SqlTypeKind.Char => t.Length ?? 0,
            _ => 0,
        };
        return new BoundCast(operand, target, scale, width);
    }

    private static BinaryOp MapBinary(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => BinaryOp.Or,
        BinaryOperator.Xor => BinaryOp.Xor,
        BinaryOperator.And => BinaryOp.And,
        BinaryOperator.Equal => BinaryOp.Eq,
        BinaryOperator.NullSafeEqual => BinaryOp.NullSafeEq,
        BinaryOperator.NotEqual => BinaryOp.Ne,
        BinaryOperator.Less => BinaryOp.Lt,
        BinaryOperator.LessOrEqual => BinaryOp.Le,
        BinaryOperator.Greater => BinaryOp.Gt,
        BinaryOperator.GreaterOrEqual => BinaryOp.Ge,
        BinaryOperator.Add => BinaryOp.Add,
        BinaryOperator.Subtract => BinaryOp.Sub,
        BinaryOperator.Multiply => BinaryOp.Mul,
        BinaryOperator.Divide => BinaryOp.Div,
        BinaryOperator.IntegerDivide => BinaryOp.IntDiv,
        BinaryOperator.Modulo => BinaryOp.Mod,
        BinaryOperator.BitAnd => BinaryOp.BitAnd,
        BinaryOperator.BitOr => BinaryOp.BitOr,
        BinaryOperator.BitXor => BinaryOp.BitXor,
        BinaryOperator.ShiftLeft => BinaryOp.ShiftLeft,
        BinaryOperator.ShiftRight => BinaryOp.ShiftRight,
        _ => throw BindErrors.NotSupported(BinaryExpr.Symbol(op)),
    };
}
