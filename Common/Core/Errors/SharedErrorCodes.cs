namespace OceanClassic.Common.Errors;

// The MySQL error numbers that both sibling layers over Core raise: the wire contract (WireErrorCodes,
// what a server answers over RPC) and the expression library (ExprErrorCodes / ExprWarningCodes, what an
// evaluation fails or warns with). Neither may reference the other, so the number lives here once and
// each catalog names it under its own constant.
// https://mariadb.com/kb/en/mariadb-error-code-reference/
public static class SharedErrorCodes
{
    public const int Unknown = 1105;               // ER_UNKNOWN_ERROR
    public const int WrongArguments = 1210;        // ER_WRONG_ARGUMENTS
}
