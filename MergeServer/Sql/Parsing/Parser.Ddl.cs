using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

public sealed partial class Parser
{
    private Statement ParseCreate()
    {
        Expect("CREATE");
        if (Accept("DATABASE") || Accept("SCHEMA"))
        {
            return ParseCreateDatabase();
        }

        if (Accept("TABLE"))
        {
            return ParseCreateTable();
        }

        bool unique = Accept("UNIQUE");
        Expect("INDEX");
        string name = ParseIdentifier();
        SkipIndexType();
        Expect("ON");
        var table = ParseTableName();
        var columns = ParseIndexColumns();
        SkipIndexType();
        return new CreateIndexStatement(name, table, columns, unique);
    }

    private CreateDatabaseStatement ParseCreateDatabase()
    {
        bool ifNotExists = ParseIfNotExists();
        string name = ParseIdentifier();
        string? charset = null;
        string? collation = null;
        while (true)
        {
            Accept("DEFAULT");
            if (AcceptCharsetKeyword())
            {
                Accept(TokenKind.Eq);
                charset = ParseNameOrString();
            }
            else if (Accept("COLLATE"))
            {
                Accept(TokenKind.Eq);
                collation = ParseNameOrString();
            }
            else
            {
                return new CreateDatabaseStatement(name, ifNotExists, charset, collation);
            }
        }
    }

    private bool AcceptCharsetKeyword()
    {
        if (Accept("CHARSET"))
        {
            return true;
        }

        if (Is("CHARACTER") && IsAt(1, "SET"))
        {
            _pos += 2;
            return true;
        }

        return false;
    }

    private bool ParseIfNotExists()
    {
        if (!Accept("IF"))
        {
            return false;
        }

        Expect("NOT");
        Expect("EXISTS");
        return true;
    }

    private bool ParseIfExists()
    {
        if (!Accept("IF"))
        {
            return false;
        }

        Expect("EXISTS");
        return true;
    }

    private CreateTableStatement ParseCreateTable()
    {
        bool ifNotExists = ParseIfNotExists();
        var table = ParseTableName();
        if (ParseDerivedCreateTable(table, ifNotExists) is { } derived)
        {
            return derived;
        }

        Expect(TokenKind.LParen);
        var columns = new List<ColumnDefinition>();
        var constraints = new List<TableConstraint>();
        do
        {
            var constraint = ParseOptionalTableConstraint();
            if (constraint is not null)
            {
                constraints.Add(constraint);
            }
            else
            {
                columns.Add(ParseColumnDefinition());
            }
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RParen);
        if (columns.Count == 0)
        {
            throw Error();
        }

        var create = new CreateTableStatement(table, ifNotExists, SqlList.From(columns), SqlList.From(constraints), ParseTableOptions());
        return ParseOptionalAsSelect(create);
    }

    private TableConstraint? ParseOptionalTableConstraint()
    {
        string? constraintName = null;
        if (Accept("CONSTRAINT"))
        {
            constraintName = IsNameToken(Current) ? ParseIdentifier() : null;
        }
        else if (!(Is("PRIMARY") || Is("UNIQUE") || Is("KEY") || Is("INDEX") || Is("CHECK") || Is("FOREIGN")))
        {
            return null;
        }

        if (Is("CHECK") || Is("FOREIGN"))
        {
            return ParseDdlConstraint(constraintName);
        }

        if (Accept("PRIMARY"))
        {
            Expect("KEY");
            SkipIndexType();
            var pk = new TableConstraint(TableConstraintKind.PrimaryKey, constraintName, ParseIndexColumns());
            SkipIndexType();
            return pk;
        }

        var kind = TableConstraintKind.Index;
        if (Accept("UNIQUE"))
        {
            kind = TableConstraintKind.Unique;
            if (!Accept("KEY"))
            {
                Accept("INDEX");
            }
        }
        else if (constraintName is not null || !(Accept("KEY") || Accept("INDEX")))
        {
            throw Error();
        }

        string? name = IsNameToken(Current) && !Is("USING") ? ParseIdentifier() : constraintName;
        SkipIndexType();
        var constraint = new TableConstraint(kind, name, ParseIndexColumns());
        SkipIndexType();
        return constraint;
    }

    private void SkipIndexType()
    {
        if (Accept("USING"))
        {
            if (!(Accept("BTREE") || Accept("HASH")))
            {
                throw Error();
            }
        }
    }

    private SqlList<IndexColumn> ParseIndexColumns()
    {
        Expect(TokenKind.LParen);
        var columns = new List<IndexColumn>();
        do
        {
            string name = ParseIdentifier();
            int? length = Accept(TokenKind.LParen) ? ParseSmallIntThenClose() : null;
            bool descending = Accept("DESC");
            if (!descending)
            {
                Accept("ASC");
            }

            columns.Add(new IndexColumn(name, length, descending));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RParen);
        return SqlList.From(columns);
    }

    private ColumnDefinition ParseColumnDefinition()
    {
        var column = ExpandSerial(new ColumnDefinition(ParseIdentifier(), ParseDataType()));
        while (true)
        {
            if (Accept("NOT"))
            {
                Expect("NULL");
                column = column with { Nullable = false };
            }
            else if (Accept("NULL"))
            {
                column = column with { Nullable = true };
            }
            else if (Accept("DEFAULT"))
            {
                var value = ParseExpr(Precedence.Unary);
                // `DEFAULT 'x' COLLATE c` is the column's collation, not the default's.
                if (value is CollateExpr collate)
                {
                    column = column with { Collation = collate.Collation };
                    value = collate.Operand;
                }
                column = column with { Default = value };
            }
            else if (Accept("AUTO_INCREMENT"))
            {
                column = column with { AutoIncrement = true };
            }
            else if (Accept("PRIMARY"))
            {
                Expect("KEY");
                column = column with { PrimaryKey = true };
            }
            else if (Accept("KEY"))
            {
                // A bare KEY column attribute means PRIMARY KEY in MySQL.
                column = column with { PrimaryKey = true };
            }
            else if (Accept("UNIQUE"))
            {
                Accept("KEY");
                column = column with { Unique = true };
            }
            else if (Accept("COMMENT"))
            {
                column = column with { Comment = ParseStringValue() };
            }
            else if (AcceptCharsetKeyword())
            {
                column = column with { CharacterSet = ParseNameOrString() };
            }
            else if (Accept("COLLATE"))
            {
                column = column with { Collation = ParseNameOrString() };
            }
            else if (Is("CHECK"))
            {
                column = column with { Check = ParseCheckCondition() };
            }
            else if (Accept("CONSTRAINT"))
            {
                // CONSTRAINT [name] CHECK (...) on a column: MariaDB names a column CHECK after its column.
                if (!Is("CHECK"))
                {
                    ParseIdentifier();
                }

                column = column with { Check = ParseCheckCondition() };
            }
            else if (Is("REFERENCES"))
            {
                // An inline REFERENCES is parsed and ignored, as MariaDB does.
                ParseReferences();
            }
            else if (Accept("ON"))
            {
                Expect("UPDATE");
                if (ParseExpr(Precedence.Unary) is not FunctionCall { Name: "CURRENT_TIMESTAMP" or "NOW" or "LOCALTIMESTAMP" or "LOCALTIME" })
                {
                    throw Error(_tokens[_pos - 1]);
                }

                column = column with { OnUpdateCurrentTimestamp = true };
            }
            else
            {
                return column;
            }
        }
    }

    private SqlList<TableOption> ParseTableOptions()
    {
        var options = new List<TableOption>();
        while (Current.Kind == TokenKind.Identifier && !TableOptionsEnd.Contains(CurrentWord()))
        {
            Accept("DEFAULT");
            string name;
            if (AcceptCharsetKeyword())
            {
                name = "CHARACTER SET";
            }
            else if (Current.Kind == TokenKind.Identifier)
            {
                name = CurrentWord();
                _pos++;
            }
            else
            {
                throw Error();
            }

            Accept(TokenKind.Eq);
            var token = Current;
            options.Add(token.Kind switch
            {
                TokenKind.String => new TableOption(name, ParseStringValue(), IsString: true),
                TokenKind.Identifier or TokenKind.Integer or TokenKind.Decimal => new TableOption(name, TextOf(Advance()).ToString()),
                TokenKind.QuotedIdentifier => new TableOption(name, IdentifierText(Advance())),
                _ => throw Error(),
            });
            if (Is(TokenKind.Comma) && Peek(1).Kind == TokenKind.Identifier && !TableOptionsEnd.Contains(TextOf(Peek(1)).ToString()))
            {
                _pos++;
            }
        }

        return SqlList.From(options);
    }
}
