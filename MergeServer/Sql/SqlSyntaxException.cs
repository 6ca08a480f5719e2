namespace OceanClassic.MergeServer.Sql;

// A statement the parser refuses: MySQL ER_PARSE_ERROR (1064), or, for a statement that is grammatical but
// breaks one of the parser's limits, the specific code MariaDB's parser gives it (SyntaxErrorCodes).
// Clients show the message verbatim, so its wording follows the server's.
public sealed class SqlSyntaxException : Exception
{
    private const int NearLimit = 80;

    public SqlSyntaxException()
        : this("You have an error in your SQL syntax")
    {
    }

    public SqlSyntaxException(string message)
        : base(message)
    {
        Near = string.Empty;
        Line = 1;
        ErrorCode = SyntaxErrorCodes.ParseError;
        SqlState = "42000";
    }

    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Near = string.Empty;
        Line = 1;
        ErrorCode = SyntaxErrorCodes.ParseError;
        SqlState = "42000";
    }

    public SqlSyntaxException(string sql, int position, int line)
        : base(Format(sql, position, line))
    {
        Position = position;
        Line = line;
        Near = NearText(sql, position);
        ErrorCode = SyntaxErrorCodes.ParseError;
        SqlState = "42000";
    }

    // What MariaDB's parser says when a statement nests deeper than its stack ("memory exhausted near ...").
    public static SqlSyntaxException MemoryExhausted(string sql, int position, int line) =>
        new($"memory exhausted near '{NearText(sql, position)}' at line {line}", SyntaxErrorCodes.ParseError, "42000", sql, position, line);

    // A SELECT nested deeper than MariaDB's 64 levels (subqueries and derived tables; parentheses alone do not nest).
    public static SqlSyntaxException TooHighLevelOfNestingForSelect(string sql, int position, int line) =>
        new("Too high level of nesting for select", SyntaxErrorCodes.TooHighLevelOfNestingForSelect, "HY000", sql, position, line);

    private SqlSyntaxException(string message, int errorCode, string sqlState, string sql, int position, int line)
        : base(message)
    {
        Position = position;
        Line = line;
        Near = NearText(sql, position);
        ErrorCode = errorCode;
        SqlState = sqlState;
    }

    public int ErrorCode { get; }

    public string SqlState { get; }

    // Offset of the offending token in the parsed text.
    public int Position { get; }

    public int Line { get; }

    public string Near { get; }

    private static string NearText(string sql, int position)
    {
        position = Math.Clamp(position, 0, sql.Length);
        return sql.Substring(position, Math.Min(NearLimit, sql.Length - position));
    }

    private static string Format(string sql, int position, int line) =>
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version " +
        $"for the right syntax to use near '{NearText(sql, position)}' at line {line}";
}
