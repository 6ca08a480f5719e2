using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

public sealed partial class Parser
{
    private InsertStatement ParseInsert()
    {
        bool isReplace = Accept("REPLACE");
        if (!isReplace)
        {
            Expect("INSERT");
        }

        while (Accept("LOW_PRIORITY") || Accept("DELAYED") || Accept("HIGH_PRIORITY"))
        {
        }

        bool ignore = Accept("IGNORE");
        Accept("INTO");
        var table = ParseTableName();
        var columns = SqlList<string>.Empty;
        QueryStatement? select = null;
        SqlList<SqlList<Expr>> rows;
        if (Accept("SET"))
        {
            // INSERT ... SET a=1, b=2 is INSERT ... (a, b) VALUES (1, 2).
            var assignments = ParseAssignments();
            columns = SqlList.From(assignments.Select(a => a.Column.Column).ToList());
            rows = [SqlList.From(assignments.Select(a => a.Value).ToList())];
        }
        else
        {
            if (Is(TokenKind.LParen) && !IsAt(1, "SELECT"))
            {
                columns = ParseColumnNameList(allowEmpty: true);
            }

            if (Accept("VALUES") || Accept("VALUE"))
            {
                rows = ParseValueRows();
            }
            else if (Is("SELECT") || Is(TokenKind.LParen))
            {
                rows = SqlList<SqlList<Expr>>.Empty;
                select = ParseQuery();
            }
            else
            {
                throw Error();
            }
        }

        var onDuplicate = SqlList<Assignment>.Empty;
        if (!isReplace && Accept("ON"))
        {
            Expect("DUPLICATE");
            Expect("KEY");
            Expect("UPDATE");
            onDuplicate = SqlList.From(ParseAssignments());
        }

        return new InsertStatement(table, columns, rows, select, onDuplicate, ignore, isReplace);
    }

    private SqlList<string> ParseColumnNameList(bool allowEmpty)
    {
        Expect(TokenKind.LParen);
        var names = new List<string>();
        if (!(allowEmpty && Is(TokenKind.RParen)))
        {
            do
            {
                string name = ParseIdentifier();
                while (Accept(TokenKind.Dot))
                {
                    // t.c or db.t.c: the column is the last part.
                    name = ParseIdentifierAfterDot();
                }

                names.Add(name);
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RParen);
        return SqlList.From(names);
    }

    // The hot path of bulk loads: sysbench sends tens of thousands of literal rows per statement.
    private SqlList<SqlList<Expr>> ParseValueRows()
    {
        var rows = new List<SqlList<Expr>>();
        var values = new List<Expr>();
        do
        {
            Expect(TokenKind.LParen);
            values.Clear();
            if (!Is(TokenKind.RParen))
            {
                do
                {
                    values.Add(ParseRowValue());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RParen);
            rows.Add(SqlList.From(values));
        }
        while (Accept(TokenKind.Comma));
        return SqlList.From(rows);
    }

    private Expr ParseRowValue()
    {
        var token = Current;
        var next = Peek(1).Kind;
        if (next is TokenKind.Comma or TokenKind.RParen)
        {
            // A lone literal: skip the precedence machinery.
            switch (token.Kind)
            {
                case TokenKind.Integer:
                case TokenKind.Decimal:
                case TokenKind.Float:
                    _pos++;
                    return NumberLiteral(token);
                case TokenKind.String:
                    return new StringLiteral(ParseStringValue());
                default:
                    break;
            }
        }

        return ParseExpression();
    }

    private List<Assignment> ParseAssignments()
    {
        var assignments = new List<Assignment>();
        do
        {
            if (ParseColumnRef() is not ColumnRef column)
            {
                throw Error(_tokens[_pos - 1]);
            }

            Expect(TokenKind.Eq);
            assignments.Add(new Assignment(column, ParseExpression()));
        }
        while (Accept(TokenKind.Comma));
        return assignments;
    }

    // UPDATE over one table (ORDER BY / LIMIT allowed) or over a join (MultiTableUpdateStatement).
    private Statement ParseUpdate()
    {
        Expect("UPDATE");
        Accept("LOW_PRIORITY");
        bool ignore = Accept("IGNORE");
        var from = ParseTableReferences();
        Expect("SET");
        var assignments = SqlList.From(ParseAssignments());
        var where = Accept("WHERE") ? ParseExpression() : null;
        if (from is not [TableSource single])
        {
            return new MultiTableUpdateStatement(from, assignments, where, ignore);
        }

        var orderBy = ParseOptionalOrderBy();
        var limit = ParseOptionalLimit(allowOffset: false);
        return new UpdateStatement(single.Name, single.Alias, assignments, where, orderBy, limit, ignore);
    }

    // DELETE FROM t …, DELETE t1[.*], t2 FROM <join> … and DELETE FROM t1, t2 USING <join> ….
    private Statement ParseDelete()
    {
        Expect("DELETE");
        while (Accept("LOW_PRIORITY") || Accept("QUICK"))
        {
        }

        bool ignore = Accept("IGNORE");
        if (!Accept("FROM"))
        {
            var targets = ParseDeleteTargets();
            Expect("FROM");
            var joined = ParseTableReferences();
            return new MultiTableDeleteStatement(targets, joined, Accept("WHERE") ? ParseExpression() : null, ignore);
        }

        var tables = ParseDeleteTargets();
        if (Accept("USING"))
        {
            var joined = ParseTableReferences();
            return new MultiTableDeleteStatement(tables, joined, Accept("WHERE") ? ParseExpression() : null, ignore, UsingForm: true);
        }

        if (tables.Count != 1)
        {
            throw Error();
        }

        var where = Accept("WHERE") ? ParseExpression() : null;
        var orderBy = ParseOptionalOrderBy();
        var limit = ParseOptionalLimit(allowOffset: false);
        return new DeleteStatement(tables[0], where, orderBy, limit, ignore);
    }

    // t, db.t, t.*, db.t.*: the tables a multi-table DELETE deletes from.
    private SqlList<TableName> ParseDeleteTargets()
    {
        var names = new List<TableName>();
        do
        {
            string first = ParseIdentifier();
            TableName name = new(null, first);
            if (Accept(TokenKind.Dot))
            {
                if (!Accept(TokenKind.Star))
                {
                    name = new TableName(first, ParseIdentifierAfterDot());
                    if (Accept(TokenKind.Dot))
                    {
                        Expect(TokenKind.Star);
                    }
                }
            }

            names.Add(name);
        }
        while (Accept(TokenKind.Comma));
        return SqlList.From(names);
    }
}
