using System.Diagnostics.CodeAnalysis;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine;

// A statement failure with its MySQL error code and SQLSTATE; the session turns it into an ERR packet.
public sealed class SqlError : Exception
{
    public SqlError(int code, string sqlState, string message)
        : base(message)
    {
        Code = code;
        SqlState = sqlState;
    }

    public SqlError()
        : this(ErrorCodes.Unknown, "HY000", "unknown error")
    {
    }

    public SqlError(string message)
        : this(ErrorCodes.Unknown, "HY000", message)
    {
    }

    public SqlError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Unknown;
        SqlState = "HY000";
    }

    public int Code { get; }

    public string SqlState { get; }

    public QueryError ToQueryError() => new(Code, SqlState, Message);

    // The SQLSTATE MySQL pairs with a code, for errors that arrive from other roles as a bare code.
    public static SqlError FromCode(int code, string message) => new(code, ErrorCodes.SqlStateOf(code), message);

    [DoesNotReturn]
    public static void Throw(int code, string message) => throw FromCode(code, message);
}
