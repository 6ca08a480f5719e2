using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Aggregate calls with their own clauses: GROUP_CONCAT([DISTINCT] … [ORDER BY …] [SEPARATOR '…']).
public sealed partial class Parser
{
    private GroupConcatExpr ParseGroupConcat()
    {
        _pos++;
        Expect(TokenKind.LParen);
        var distinct = Accept("DISTINCT");
        var args = new List<Expr> { ParseExpression() };
        while (Accept(TokenKind.Comma))
        {
            args.Add(ParseExpression());
        }

        var orderBy = ParseOptionalOrderBy();
        var separator = ",";
        if (Accept("SEPARATOR"))
        {
            separator = ParseStringValue();
        }

        Expect(TokenKind.RParen);
        return new GroupConcatExpr(SqlList.From(args), distinct, orderBy, separator);
    }
}
