using System.Diagnostics.CodeAnalysis;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Errors;

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

    // From another role: the 1-based item of the request the error is about (RpcError.item), e.g. the
    // ApplyRequest mutation that hit a duplicate key; 0 = none.
    public int FailedItem { get; init; }

    // 1062 of a statement's write: which key (PRIMARY or an index name) and which row of the statement
    // (1-based) collided. Set by IndexWrites.ApplyAsync; INSERT IGNORE / ON DUPLICATE KEY UPDATE build on it.
    public DuplicateKey? Duplicate { get; init; }

    public QueryError ToQueryError() => new(Code, SqlState, Message);

    // The SQLSTATE MySQL pairs with a code, for errors that arrive from other roles as a bare code.
    public static SqlError FromCode(int code, string message) => new(code, ErrorCodes.SqlStateOf(code), message);

    [DoesNotReturn]
    public static void Throw(int code, string message) => throw FromCode(code, message);
}

// The key a duplicate entry (1062) collided on: KeyName is PRIMARY or the UNIQUE index's name; Row is
// the statement's row (1-based, in the order the statement wrote them) whose write collided.
public sealed record DuplicateKey(string KeyName, int Row);
