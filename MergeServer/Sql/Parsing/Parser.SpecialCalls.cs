using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// Function calls whose arguments are not a plain list, rewritten to ordinary calls:
// TRIM([BOTH | LEADING | TRAILING] [remstr] FROM str) is TRIM(str, remstr, mode) (remstr ' ' when
// left out), TRIM(remstr FROM str) is TRIM(str, remstr, 'BOTH'); POSITION(substr IN str) is
// LOCATE(substr, str); EXTRACT(unit FROM date) is EXTRACT('unit', date).
public sealed partial class Parser
{
    // Called right after `name(`; null when the call is an ordinary one.
    private FunctionCall? ParseSpecialCall(string name)
    {
        switch (name)
        {
            case "TRIM":
                return ParseTrim();
            case "POSITION":
                {
                    var needle = ParseExpr(Precedence.BitOr);
                    Expect("IN");
                    var haystack = ParseExpression();
                    Expect(TokenKind.RParen);
                    return new FunctionCall("LOCATE", SqlList.From(new List<Expr> { needle, haystack }));
                }
            case "EXTRACT":
                {
                    if (Current.Kind != TokenKind.Identifier)
                        throw Error();
                    var unit = TextOf(Advance()).ToString().ToUpperInvariant();
                    Expect("FROM");
                    var date = ParseExpression();
                    Expect(TokenKind.RParen);
                    return new FunctionCall("EXTRACT", SqlList.From(new List<Expr> { new StringLiteral(unit), date }));
                }
            default:
                return null;
        }
    }

    private FunctionCall? ParseTrim()
    {
        string? mode = Accept("BOTH") ? "BOTH" : Accept("LEADING") ? "LEADING" : Accept("TRAILING") ? "TRAILING" : null;
        Expr? remove = null;
        if (mode is null || !Is("FROM"))
            remove = ParseExpression();
        if (!Accept("FROM"))
        {
            if (mode is not null)
                throw Error();
            // TRIM(str) or TRIM(str, ...): an ordinary call from here.
            var args = new List<Expr> { remove! };
            while (Accept(TokenKind.Comma))
                args.Add(ParseExpression());
            Expect(TokenKind.RParen);
            return new FunctionCall("TRIM", SqlList.From(args));
        }
        var source = ParseExpression();
        Expect(TokenKind.RParen);
        return new FunctionCall("TRIM", SqlList.From(new List<Expr> { source, remove ?? new StringLiteral(" "), new StringLiteral(mode ?? "BOTH") }));
    }
}
