using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// ALTER TABLE column / table actions (ADD/DROP/MODIFY/CHANGE/RENAME COLUMN, ALTER COLUMN ... DEFAULT,
// RENAME TO, table options, CHECK and FOREIGN KEY constraints), RENAME TABLE, CREATE TABLE ... LIKE
// and CREATE TABLE ... [AS] SELECT. Index clauses stay in Parser.Schema.cs / Parser.Ddl.cs.
public sealed partial class Parser
{
    // ADD/DROP of a column or a CHECK / FOREIGN KEY, and every non-ADD/DROP action; null when the
    // current action is an index clause (the caller parses those).
    private AlterTableAction? ParseDdlAlterAction()
    {
        if (Accept("ADD"))
        {
            if (Is("CONSTRAINT") || Is("CHECK") || Is("FOREIGN"))
            {
                string? name = null;
                if (Accept("CONSTRAINT"))
                {
                    if (Is("PRIMARY") || Is("UNIQUE"))
                    {
                        _pos -= 2;
                        return null;
                    }

                    name = IsNameToken(Current) ? ParseIdentifier() : null;
                    if (Is("PRIMARY") || Is("UNIQUE"))
                    {
                        _pos -= 3;
                        return null;
                    }
                }

                return new AddConstraintAction(ParseDdlConstraint(name));
            }

            if (Is("PRIMARY") || Is("UNIQUE") || Is("KEY") || Is("INDEX") || Is("FULLTEXT") || Is("SPATIAL"))
            {
                _pos--;
                return null;
            }

            Accept("COLUMN");
            var column = ParseColumnDefinition();
            return new AddColumnAction(column, ParseColumnPosition());
        }

        if (Accept("DROP"))
        {
            if (Is("INDEX") || Is("KEY"))
            {
                _pos--;
                return null;
            }

            if (Accept("PRIMARY"))
            {
                Expect("KEY");
                return new DropConstraintAction(DropConstraintKind.PrimaryKey, null);
            }

            if (Accept("FOREIGN"))
            {
                Expect("KEY");
                bool fkIfExists = ParseIfExists();
                return new DropConstraintAction(DropConstraintKind.ForeignKey, ParseIdentifier(), fkIfExists);
            }

            if (Accept("CONSTRAINT"))
            {
                bool constraintIfExists = ParseIfExists();
                return new DropConstraintAction(DropConstraintKind.Constraint, ParseIdentifier(), constraintIfExists);
            }

            Accept("COLUMN");
            bool ifExists = ParseIfExists();
            return new DropColumnAction(ParseIdentifier(), ifExists);
        }

        if (Accept("MODIFY"))
        {
            Accept("COLUMN");
            var column = ParseColumnDefinition();
            return new ModifyColumnAction(column, null, ParseColumnPosition());
        }

        if (Accept("CHANGE"))
        {
            Accept("COLUMN");
            string old = ParseIdentifier();
            var column = ParseColumnDefinition();
            return new ModifyColumnAction(column, old, ParseColumnPosition());
        }

        if (Accept("RENAME"))
        {
            if (Accept("COLUMN"))
            {
                string old = ParseIdentifier();
                Expect("TO");
                return new RenameColumnAction(old, ParseIdentifier());
            }

            if (!Accept("TO"))
            {
                Accept("AS");
            }

            return new RenameTableAction(ParseTableName());
        }

        if (Accept("ALTER"))
        {
            Accept("COLUMN");
            string name = ParseIdentifier();
            if (Accept("SET"))
            {
                Expect("DEFAULT");
                return new AlterDefaultAction(name, ParseDefaultValue());
            }

            Expect("DROP");
            Expect("DEFAULT");
            return new AlterDefaultAction(name, null);
        }

        if (Current.Kind == TokenKind.Identifier && !Is("DISABLE") && !Is("ENABLE"))
        {
            var options = ParseTableOptions();
            return options.Count > 0 ? new TableOptionsAction(options) : throw Error();
        }

        return null;
    }

    // Words that end a list of table options (CREATE TABLE ... options [AS] SELECT, ALTER TABLE ... options, action).
    private static readonly HashSet<string> TableOptionsEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "AS", "SELECT", "IGNORE", "REPLACE", "PARTITION", "ADD", "DROP", "MODIFY", "CHANGE", "RENAME", "ALTER", "ENABLE", "DISABLE", "CONVERT",
    };

    private Expr ParseDefaultValue()
    {
        if (Accept(TokenKind.LParen))
        {
            var inner = ParseExpression();
            Expect(TokenKind.RParen);
            return inner;
        }

        return ParseExpr(Precedence.Unary);
    }

    private ColumnPosition? ParseColumnPosition()
    {
        if (Accept("FIRST"))
        {
            return new ColumnPosition(null);
        }

        return Accept("AFTER") ? new ColumnPosition(ParseIdentifier()) : null;
    }

    // CHECK (...) or FOREIGN KEY [name] (cols) REFERENCES ..., after an optional CONSTRAINT [name].
    private TableConstraint ParseDdlConstraint(string? name)
    {
        if (Is("CHECK"))
        {
            return new TableConstraint(TableConstraintKind.Check, name, SqlList.From(new List<IndexColumn>())) { Check = ParseCheckCondition() };
        }

        Expect("FOREIGN");
        Expect("KEY");
        if (IsNameToken(Current))
        {
            string indexName = ParseIdentifier();
            name ??= indexName;
        }

        var columns = ParseIndexColumns();
        return new TableConstraint(TableConstraintKind.ForeignKey, name, columns) { References = ParseReferences() };
    }

    private Expr ParseCheckCondition()
    {
        Expect("CHECK");
        Expect(TokenKind.LParen);
        var condition = ParseExpression();
        Expect(TokenKind.RParen);
        return condition;
    }

    private ForeignKeyReference ParseReferences()
    {
        Expect("REFERENCES");
        var table = ParseTableName();
        var columns = new List<string>();
        Expect(TokenKind.LParen);
        do
        {
            columns.Add(ParseIdentifier());
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RParen);
        if (Accept("MATCH"))
        {
            if (!(Accept("FULL") || Accept("PARTIAL") || Accept("SIMPLE")))
            {
                throw Error();
            }
        }

        string? onDelete = null;
        string? onUpdate = null;
        while (Accept("ON"))
        {
            if (Accept("DELETE"))
            {
                onDelete = ParseReferenceAction();
            }
            else
            {
                Expect("UPDATE");
                onUpdate = ParseReferenceAction();
            }
        }

        return new ForeignKeyReference(table, SqlList.From(columns), onDelete, onUpdate);
    }

    private string ParseReferenceAction()
    {
        if (Accept("RESTRICT"))
        {
            return "RESTRICT";
        }

        if (Accept("CASCADE"))
        {
            return "CASCADE";
        }

        if (Accept("SET"))
        {
            if (Accept("NULL"))
            {
                return "SET NULL";
            }

            Expect("DEFAULT");
            return "SET DEFAULT";
        }

        Expect("NO");
        Expect("ACTION");
        return "NO ACTION";
    }

    // After CREATE TABLE name: LIKE src, (LIKE src), or [options] [AS] SELECT without a column list.
    private CreateTableStatement? ParseDerivedCreateTable(TableName table, bool ifNotExists)
    {
        var empty = new CreateTableStatement(table, ifNotExists, SqlList.From(new List<ColumnDefinition>()),
            SqlList.From(new List<TableConstraint>()), SqlList.From(new List<TableOption>()));
        if (Accept("LIKE"))
        {
            return empty with { Like = ParseTableName() };
        }

        if (Is(TokenKind.LParen) && IsAt(1, "LIKE"))
        {
            _pos += 2;
            var like = ParseTableName();
            Expect(TokenKind.RParen);
            return empty with { Like = like };
        }

        if (Is(TokenKind.LParen))
        {
            return null;
        }

        return ParseOptionalAsSelect(empty with { Options = ParseTableOptions() }) is { AsSelect: not null } derived ? derived : throw Error();
    }

    private CreateTableStatement ParseOptionalAsSelect(CreateTableStatement create)
    {
        if (Accept("AS") || Is("SELECT") || IsQueryStart(0) && Is(TokenKind.LParen))
        {
            return create with { AsSelect = ParseQuery() };
        }

        return create;
    }

    private RenameTableStatement ParseRenameTable()
    {
        Expect("RENAME");
        Expect("TABLE");
        var pairs = new List<(TableName, TableName)>();
        do
        {
            var from = ParseTableName();
            Expect("TO");
            pairs.Add((from, ParseTableName()));
        }
        while (Accept(TokenKind.Comma));
        return new RenameTableStatement(SqlList.From(pairs));
    }
}
