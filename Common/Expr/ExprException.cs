using OceanClassic.Common.Errors;

namespace OceanClassic.Common.Expr;

// An evaluation error with its MySQL error code (1690 out of range, 1305 unknown function, ...).
public sealed class ExprException : Exception
{
    public ExprException()
    {
    }

    public ExprException(string message)
        : base(message)
    {
    }

    public ExprException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExprException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}

public static class ExprErrorCodes
{
    public const int IncorrectArguments = SharedErrorCodes.WrongArguments; // ER_WRONG_ARGUMENTS
    public const int FunctionDoesNotExist = 1305;      // ER_SP_DOES_NOT_EXIST
    public const int DivisionByZero = 1365;            // ER_DIVISION_BY_ZERO
    public const int ThreadStackOverrun = 1436;        // ER_STACK_OVERRUN_NEED_MORE
    public const int WrongParameterCount = 1582;       // ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT
    public const int ValueOutOfRange = 1690;           // ER_DATA_OUT_OF_RANGE
}
