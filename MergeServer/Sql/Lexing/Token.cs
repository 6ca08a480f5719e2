namespace OceanClassic.MergeServer.Sql.Lexing;

// A token is only a slice of the source: values are decoded by the parser when it needs them,
// which keeps lexing a 1 MB multi-row INSERT to one array of structs.
public readonly record struct Token(TokenKind Kind, int Start, int End, int Line)
{
    public int Length => End - Start;
}
