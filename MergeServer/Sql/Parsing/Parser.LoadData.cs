using System.Globalization;
using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

public sealed partial class Parser
{
    // LOAD DATA [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE 'file' [REPLACE | IGNORE] INTO TABLE t
    // [CHARACTER SET cs] [{FIELDS | COLUMNS} [TERMINATED BY 's'] [[OPTIONALLY] ENCLOSED BY 'c'] [ESCAPED BY 'c']]
    // [LINES [STARTING BY 's'] [TERMINATED BY 's']] [IGNORE n {LINES | ROWS}] [(col | @var, …)] [SET …].
    private LoadDataStatement ParseLoadData()
    {
        Expect("LOAD");
        Expect("DATA");
        while (Accept("LOW_PRIORITY") || Accept("CONCURRENT"))
        {
        }

        var local = Accept("LOCAL");
        Expect("INFILE");
        var file = ParseStringValue();
        var duplicates = Accept("REPLACE") ? LoadDuplicates.Replace : Accept("IGNORE") ? LoadDuplicates.Ignore : LoadDuplicates.Error;
        Expect("INTO");
        Expect("TABLE");
        var table = ParseTableName();
        if (Accept("CHARACTER"))
        {
            Expect("SET");
            ParseIdentifierOrString();
        }
        else if (Accept("CHARSET"))
        {
            ParseIdentifierOrString();
        }

        string fieldTerminator = "\t", enclosure = "", escape = "\\", lineStarter = "", lineTerminator = "\n";
        var optionally = false;
        if (Accept("FIELDS") || Accept("COLUMNS"))
        {
            while (true)
            {
                if (Accept("TERMINATED"))
                {
                    Expect("BY");
                    fieldTerminator = ParseStringValue();
                }
                else if (Is("OPTIONALLY") || Is("ENCLOSED"))
                {
                    optionally = Accept("OPTIONALLY");
                    Expect("ENCLOSED");
                    Expect("BY");
                    enclosure = ParseStringValue();
                }
                else if (Accept("ESCAPED"))
                {
                    Expect("BY");
                    escape = ParseStringValue();
                }
                else
                {
                    break;
                }
            }
        }

        if (Accept("LINES"))
        {
            while (true)
            {
                if (Accept("STARTING"))
                {
                    Expect("BY");
                    lineStarter = ParseStringValue();
                }
                else if (Accept("TERMINATED"))
                {
                    Expect("BY");
                    lineTerminator = ParseStringValue();
                }
                else
                {
                    break;
                }
            }
        }

        long ignoreLines = 0;
        if (Accept("IGNORE"))
        {
            var count = Current;
            Expect(TokenKind.Integer);
            ignoreLines = long.Parse(TextOf(count), NumberStyles.None, CultureInfo.InvariantCulture);
            if (!Accept("LINES"))
            {
                Expect("ROWS");
            }
        }

        var targets = new List<Expr>();
        if (Accept(TokenKind.LParen))
        {
            if (!Is(TokenKind.RParen))
            {
                do
                {
                    targets.Add(ParseExpression() is var e && e is ColumnRef or UserVariable ? e : throw Error(_tokens[_pos - 1]));
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RParen);
        }

        var set = Accept("SET") ? SqlList.From(ParseAssignments()) : SqlList<Assignment>.Empty;
        return new LoadDataStatement(local, file, duplicates, table, fieldTerminator, enclosure, optionally, escape, lineStarter,
            lineTerminator, ignoreLines, SqlList.From(targets), set);
    }

    private void ParseIdentifierOrString()
    {
        if (Is(TokenKind.String))
        {
            ParseStringValue();
        }
        else
        {
            ParseIdentifier();
        }
    }
}
