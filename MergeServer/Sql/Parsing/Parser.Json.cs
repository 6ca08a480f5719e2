using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// MySQL's JSON path operators after an operand: `c->'$.a'` is JSON_EXTRACT(c, '$.a') and `c->>'$.a'`
// is JSON_UNQUOTE(JSON_EXTRACT(c, '$.a')); the path must be a string literal. (MariaDB 10.11 has no
// such operators; MySQL 5.7 clients and ORMs write them.)
public sealed partial class Parser
{
    private Expr ParseJsonPaths(Expr operand)
    {
        while (Current.Kind is TokenKind.JsonExtract or TokenKind.JsonUnquoteExtract)
        {
            var unquote = Advance().Kind == TokenKind.JsonUnquoteExtract;
            if (!Is(TokenKind.String))
            {
                throw Error();
            }

            var path = new StringLiteral(ParseStringValue());
            Expr extract = new FunctionCall("JSON_EXTRACT", SqlList.From<Expr>([operand, path]));
            operand = unquote ? new FunctionCall("JSON_UNQUOTE", SqlList.From<Expr>([extract])) : extract;
        }

        return operand;
    }
}
