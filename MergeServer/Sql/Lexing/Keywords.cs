namespace OceanClassic.MergeServer.Sql.Lexing;

// MySQL reserved words that matter to this grammar: they can't be bare identifiers or aliases,
// and ToSql quotes identifiers spelled like them.
public static class Keywords
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ALL", "ALTER", "AND", "AS", "ASC", "BETWEEN", "BINARY", "BOTH", "BY", "CASE", "CHANGE",
        "CHARACTER", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CONVERT", "CREATE", "CROSS",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DATABASES",
        "DEFAULT", "DELETE", "DESC", "DESCRIBE", "DISTINCT", "DISTINCTROW", "DIV", "DROP", "DUAL", "ELSE",
        "EXCEPT", "EXISTS", "EXPLAIN", "FALSE", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GROUP", "HAVING",
        "HIGH_PRIORITY", "IF", "IGNORE", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN",
        "KEY", "KEYS", "KILL", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "LOCK",
        "LOW_PRIORITY", "MATCH", "MOD", "NATURAL", "NOT", "NULL", "ON", "OPTION", "OR", "ORDER", "OUTER",
        "PRIMARY", "REFERENCES", "REGEXP", "RENAME", "REPLACE", "RIGHT", "RLIKE", "SCHEMA", "SCHEMAS",
        "SELECT", "SET", "SHOW", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "STRAIGHT_JOIN",
        "TABLE", "THEN", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "UNSIGNED", "UPDATE", "USAGE", "USE",
        "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "WHEN", "WHERE", "WITH", "XOR",
        "ZEROFILL",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup =
        Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    // Reserved words that are still function names when followed by '(' (IF(...), LEFT(...), VALUES(c) ...).
    private static readonly HashSet<string> ReservedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "IF", "LEFT", "RIGHT", "REPLACE", "INSERT", "VALUES", "DATABASE", "SCHEMA", "MOD", "CHARACTER",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedFunctionLookup =
        ReservedFunctions.GetAlternateLookup<ReadOnlySpan<char>>();

    // Functions MySQL lets you call without parentheses.
    private static readonly HashSet<string> Niladic = new(StringComparer.OrdinalIgnoreCase)
    {
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "LOCALTIME", "LOCALTIMESTAMP",
        "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NiladicLookup =
        Niladic.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsReserved(ReadOnlySpan<char> word) => ReservedLookup.Contains(word);

    public static bool IsReservedFunction(ReadOnlySpan<char> word) => ReservedFunctionLookup.Contains(word);

    public static bool IsNiladicFunction(ReadOnlySpan<char> word) => NiladicLookup.Contains(word);
}
