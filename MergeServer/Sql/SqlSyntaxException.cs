namespace OceanClassic.MergeServer.Sql;

// MySQL ER_PARSE_ERROR: clients show this message verbatim, so its wording follows the server's.
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
    }

    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Near = string.Empty;
        Line = 1;
    }

    public SqlSyntaxException(string sql, int position, int line)
        : base(Format(sql, position, line))
    {
        Position = position;
        Line = line;
        Near = NearText(sql, position);
    }

    // What MariaDB's parser says when a statement nests deeper than its stack ("memory exhausted near ...").
    public static SqlSyntaxException MemoryExhausted(string sql, int position, int line) =>
        new($"memory exhausted near '{NearText(sql, position)}' at line {line}", sql, position, line);

    private SqlSyntaxException(string message, string sql, int position, int line)
        : base(message)
    {
        Position = position;
        Line = line;
        Near = NearText(sql, position);
    }

    public int ErrorCode => 1064;

    public string SqlState => "42000";

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
