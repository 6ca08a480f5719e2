using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public abstract record Statement : SqlNode;

public sealed record TableName(string? Schema, string Name) : SqlNode
{
    public override void WriteSql(StringBuilder builder) => builder.AppendTableName(Schema, Name);
}

public sealed record SelectItem(Expr Expr, string? Alias = null) : SqlNode
{
    // The item's expression exactly as the statement spelled it (MySQL labels result columns with it);
    // not part of the item's equality, which is about meaning.
    public string? Text { get; init; }

    public bool Equals(SelectItem? other) => other is not null && Expr.Equals(other.Expr) && Alias == other.Alias;

    public override int GetHashCode() => HashCode.Combine(Expr, Alias);

    public override void WriteSql(StringBuilder builder)
    {
        Expr.WriteSql(builder);
        if (Alias is not null)
        {
            builder.Append(" AS ").AppendIdentifier(Alias);
        }
    }
}

public abstract record TableReference : SqlNode;

public sealed record TableSource(TableName Name, string? Alias = null) : TableReference
{
    public override void WriteSql(StringBuilder builder)
    {
        Name.WriteSql(builder);
        if (Alias is not null)
        {
            builder.Append(" AS ").AppendIdentifier(Alias);
        }
    }
}

// FROM (SELECT ...) AS alias.
public sealed record DerivedTable(QueryStatement Query, string Alias) : TableReference
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append('(');
        Query.WriteSql(builder);
        builder.Append(") AS ").AppendIdentifier(Alias);
    }
}

public enum JoinKind
{
    Inner,
    Left,
    Right,
    Cross,
}

// ON and USING are exclusive; Natural joins on the columns both sides have (Using stays null).
public sealed record JoinedTable(TableReference Left, JoinKind Kind, TableReference Right, Expr? On,
    SqlList<string>? Using = null, bool Natural = false) : TableReference
{
    public override void WriteSql(StringBuilder builder)
    {
        Left.WriteSql(builder);
        if (Natural)
        {
            builder.Append(" NATURAL");
        }

        builder.Append(Kind switch
        {
            JoinKind.Left => " LEFT JOIN ",
            JoinKind.Right => " RIGHT JOIN ",
            JoinKind.Cross => " CROSS JOIN ",
            _ when Natural => " JOIN ",
            _ => " INNER JOIN ",
        });
        if (Right is JoinedTable)
        {
            builder.Append('(');
            Right.WriteSql(builder);
            builder.Append(')');
        }
        else
        {
            Right.WriteSql(builder);
        }

        if (On is not null)
        {
            builder.Append(" ON ");
            On.WriteSql(builder);
        }

        if (Using is not null)
        {
            builder.Append(" USING (");
            for (var i = 0; i < Using.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                builder.AppendIdentifier(Using[i]);
            }

            builder.Append(')');
        }
    }
}

public sealed record OrderByItem(Expr Expr, bool Descending = false) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        Expr.WriteSql(builder);
        if (Descending)
        {
            builder.Append(" DESC");
        }
    }
}

// Count and Offset are Int64Literal/UInt64Literal or ParameterMarker.
public sealed record LimitClause(Expr Count, Expr? Offset = null) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("LIMIT ");
        Count.WriteSql(builder);
        if (Offset is not null)
        {
            builder.Append(" OFFSET ");
            Offset.WriteSql(builder);
        }
    }
}

public enum SelectLockMode
{
    None,
    ForUpdate,
    LockInShareMode,
}

// What a locking read does with a row another transaction holds: wait, fail at once (1205), skip it.
public enum SelectLockWait
{
    Wait,
    NoWait,
    SkipLocked,
}

public sealed record SelectStatement(
    bool Distinct,
    SqlList<SelectItem> Items,
    SqlList<TableReference> From,
    Expr? Where,
    SqlList<Expr> GroupBy,
    Expr? Having,
    SqlList<OrderByItem> OrderBy,
    LimitClause? Limit,
    SelectLockMode Lock = SelectLockMode.None,
    bool WithRollup = false,
    SelectLockWait LockWait = SelectLockWait.Wait,
    bool CalcFoundRows = false) : QueryStatement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Distinct ? "SELECT DISTINCT " : "SELECT ");
        if (CalcFoundRows)
        {
            builder.Append("SQL_CALC_FOUND_ROWS ");
        }

        builder.AppendJoined(Items);
        if (From.Count > 0)
        {
            builder.Append(" FROM ").AppendJoined(From);
        }

        AppendWhere(builder, Where);
        if (GroupBy.Count > 0)
        {
            builder.Append(" GROUP BY ").AppendJoined(GroupBy);
            if (WithRollup)
            {
                builder.Append(" WITH ROLLUP");
            }
        }

        if (Having is not null)
        {
            builder.Append(" HAVING ");
            Having.WriteSql(builder);
        }

        AppendOrderAndLimit(builder, OrderBy, Limit);
        builder.Append(Lock switch
        {
            SelectLockMode.ForUpdate => " FOR UPDATE",
            SelectLockMode.LockInShareMode => " LOCK IN SHARE MODE",
            _ => string.Empty,
        });
        builder.Append(LockWait switch
        {
            SelectLockWait.NoWait => " NOWAIT",
            SelectLockWait.SkipLocked => " SKIP LOCKED",
            _ => string.Empty,
        });
    }

    internal static void AppendWhere(StringBuilder builder, Expr? where)
    {
        if (where is not null)
        {
            builder.Append(" WHERE ");
            where.WriteSql(builder);
        }
    }

    internal static void AppendOrderAndLimit(StringBuilder builder, SqlList<OrderByItem> orderBy, LimitClause? limit)
    {
        if (orderBy.Count > 0)
        {
            builder.Append(" ORDER BY ").AppendJoined(orderBy);
        }

        if (limit is not null)
        {
            builder.Append(' ');
            limit.WriteSql(builder);
        }
    }
}
