namespace OceanClassic.MergeServer.Sql;

// The MySQL error numbers the parser itself raises: 1064 for text outside the grammar, and the codes
// MariaDB's parser gives statements that are grammatical but break one of its limits. The engine's
// ErrorCodes refers to these, so each number is written once.
public static class SyntaxErrorCodes
{
    public const int ParseError = 1064;

    // ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT: a SELECT nested inside more than 63 others.
    public const int TooHighLevelOfNestingForSelect = 1473;
}
