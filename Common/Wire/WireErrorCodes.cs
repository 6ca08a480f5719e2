using OceanClassic.Common.Errors;

namespace OceanClassic.Common.Protos;

// The one catalog of error codes that roles send each other in an RPC error (RpcError.code), each
// defined once. Positive codes pass through the MergeServer to MySQL clients unchanged unless it acts
// on them; the RPC framework's own (negative: transport failures) are in Common/Wire/RpcErrorCodes.cs.
// - OceanClassic's own, 6000 and up (0.4 kept its codes in the same space): they tell the caller to
//   go elsewhere or try again and rarely reach a client.
// - MySQL's (include/mysqld_error.h) as raised by the RootServer, UpdateServer and ChunkServer, and by
//   the MergeServer's MySQL protocol layer (MergeServer/MySql); the MergeServer's ErrorCodes names
//   these same constants and adds the ones only its SQL engine raises.
public static class WireErrorCodes
{
    // ChunkServer: the tablet is not (or no longer, or not yet) served here; the MergeServer refreshes
    // the tablet's locations and reads another replica.
    public const int TabletNotServedHere = 6001;

    // ChunkServer: it knows no UpdateServer master to fuse increments from.
    public const int NoUpdateServerMaster = 6002;

    // ChunkServer: this replica's baseline failed a check (CRC); another replica is read instead.
    public const int TabletReplicaCorrupt = 6003;

    // UpdateServer: the transaction is unknown (rolled back after the idle timeout, or a restart).
    public const int TransactionNotFound = 6010;

    // UpdateServer: not the master, or its lease ran out; nothing was applied, so the caller may resend
    // the write to the master the RootServer names.
    public const int NotMaster = 6100;

    // UpdateServer: the frozen increments a read asked for were released after a daily merge; the
    // reader's baseline is older than the root table's.
    public const int IncrementsReleased = 6101;

    // UpdateServer: an autocommit write's row changed after the snapshot it was read at
    // (expect_unchanged_since); nothing was applied and the MergeServer redoes the statement under row
    // locks. Never a client error.
    public const int WriteConflict = 6102;

    // UpdateServer, majority replication: no majority of the UpdateServers had the write's log entry
    // fsynced within log_sync_timeout. It was not acknowledged; it may still commit later (it is in
    // the master's log), so its outcome is unknown. Reaches the client.
    public const int NoReplicationMajority = 6103;

    // UpdateServer: it did not evaluate an UPDATE sent for it to evaluate (ApplyRequest.update: a value
    // outside what it stores without the MergeServer's conversions, a locked index row, a collision);
    // nothing was applied and the MergeServer runs the statement the ordinary way. Never a client error.
    public const int UpdateNotEvaluated = 6104;

    public const int DbCreateExists = 1007;        // ER_DB_CREATE_EXISTS
    public const int DbDropExists = 1008;          // ER_DB_DROP_EXISTS
    public const int BadDatabase = 1049;           // ER_BAD_DB_ERROR
    public const int TableExists = 1050;           // ER_TABLE_EXISTS_ERROR
    public const int BadTable = 1051;              // ER_BAD_TABLE_ERROR
    public const int DuplicateKeyName = 1061;      // ER_DUP_KEYNAME
    public const int DuplicateEntry = 1062;        // ER_DUP_ENTRY
    public const int CantDropFieldOrKey = 1091;    // ER_CANT_DROP_FIELD_OR_KEY
    public const int WrongDatabaseName = 1102;     // ER_WRONG_DB_NAME
    public const int WrongTableName = 1103;        // ER_WRONG_TABLE_NAME
    public const int Unknown = SharedErrorCodes.Unknown;               // ER_UNKNOWN_ERROR
    public const int TableMustHaveColumns = 1113;  // ER_TABLE_MUST_HAVE_COLUMNS
    public const int NoSuchTable = 1146;           // ER_NO_SUCH_TABLE
    public const int RequiresPrimaryKey = 1173;    // ER_REQUIRES_PRIMARY_KEY
    public const int LockWaitTimeout = 1205;       // ER_LOCK_WAIT_TIMEOUT
    public const int WrongArguments = SharedErrorCodes.WrongArguments; // ER_WRONG_ARGUMENTS
    public const int Deadlock = 1213;              // ER_LOCK_DEADLOCK
    public const int NotSupported = 1235;          // ER_NOT_SUPPORTED_YET
    public const int TooManyConnections = 1040;    // ER_CON_COUNT_ERROR
    public const int AccessDenied = 1045;          // ER_ACCESS_DENIED_ERROR
    public const int UnknownCommand = 1047;        // ER_UNKNOWN_COM_ERROR
    public const int NetPacketTooLarge = 1153;     // ER_NET_PACKET_TOO_LARGE
    public const int UnknownStatementHandler = 1243; // ER_UNKNOWN_STMT_HANDLER
    public const int TooManyPlaceholders = 1390;   // ER_PS_MANY_PARAM
    public const int NoOpenCursor = 1421;          // ER_STMT_HAS_NO_OPEN_CURSOR
    public const int MaxPreparedStatementCount = 1461; // ER_MAX_PREPARED_STMT_COUNT_REACHED
    public const int CantRemoveAllFields = 1090;   // ER_CANT_REMOVE_ALL_FIELDS
}
