using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Errors;

// MySQL server error numbers the engine reports (include/mysqld_error.h). Those the other roles also
// raise over the wire, and OceanClassic's own wire codes, are defined once in Common's WireErrorCodes.
// Those the expression library raises are its ExprErrorCodes / ExprWarningCodes, the parser's its
// SyntaxErrorCodes: each number is written once (tests/Common.Tests/Repository/ErrorCodeCatalogTests.cs).
public static class ErrorCodes
{
    public const int DbCreateExists = WireErrorCodes.DbCreateExists;
    public const int IllegalHaCreateOption = 1478;
    public const int DbDropExists = WireErrorCodes.DbDropExists;
    public const int NoDatabaseSelected = 1046;
    public const int NoTablesUsed = 1096;
    public const int InvalidDefault = 1067;
    public const int BadNull = 1048;
    public const int BadDatabase = WireErrorCodes.BadDatabase;
    public const int TableExists = WireErrorCodes.TableExists;
    public const int BadTable = WireErrorCodes.BadTable;
    public const int BadField = 1054;
    public const int DuplicateEntry = WireErrorCodes.DuplicateEntry;
    public const int ParseError = SyntaxErrorCodes.ParseError;
    public const int Unknown = WireErrorCodes.Unknown;
    public const int WrongValueCount = 1136;
    public const int NoSuchTable = WireErrorCodes.NoSuchTable;
    public const int RequiresPrimaryKey = WireErrorCodes.RequiresPrimaryKey;
    public const int LockWaitTimeout = WireErrorCodes.LockWaitTimeout;
    public const int Deadlock = WireErrorCodes.Deadlock;
    public const int TransactionNotFound = WireErrorCodes.TransactionNotFound;
    public const int WriteConflict = WireErrorCodes.WriteConflict;
    public const int OutOfRange = ExprWarningCodes.WarnDataOutOfRange;
    public const int NoDefault = 1364;
    public const int TruncatedWrongValue = 1366;
    public const int DataTruncated = 1265;
    public const int DataTooLong = 1406;
    public const int NotSupported = WireErrorCodes.NotSupported;
    public const int UnknownSystemVariable = 1193;
    public const int WrongValueForVariable = 1231;
    public const int ReadOnlyVariable = 1238;
    public const int WrongVariableArgumentType = 1232;
    public const int UnknownStatementHandler = WireErrorCodes.UnknownStatementHandler;
    public const int WrongArguments = WireErrorCodes.WrongArguments;
    public const int UnsupportedPreparedStatement = 1295;
    public const int NoSuchThread = 1094;
    public const int SavepointDoesNotExist = ExprErrorCodes.FunctionDoesNotExist; // ER_SP_DOES_NOT_EXIST names a missing savepoint too
    public const int QueryInterrupted = 1317;
    public const int TableNotLocked = 1100;
    public const int DivisionByZero = ExprErrorCodes.DivisionByZero;
    public const int NonUniq = 1052;
    public const int UnknownTableInMultiDelete = 1109;
    public const int TooFewFields = 1261;
    public const int TooManyFields = 1262;
    public const int NullToNotNull = 1263;
    public const int OptionPreventsStatement = 1290;
    public const int LocalInfileDisabled = 4166;
    public const int WrongGroupField = 1056;
    public const int InvalidGroupFuncUse = 1111;
    public const int MultiplePrimaryKey = 1068;
    public const int DuplicateFieldName = 1060;
    public const int KeyColumnDoesNotExist = 1072;
    public const int TooBigPrecision = 1426;
    public const int TruncatedWrongValueForDate = ExprWarningCodes.TruncatedWrongValue;
    public const int RecordFileFull = 1114;
    public const int NonUniqTable = 1066;
    public const int OperandColumns = 1241;
    public const int SubqueryMultipleRows = 1242;
    public const int WrongUsage = 1221;
    public const int DerivedMustHaveAlias = 1248;
    public const int WrongNumberOfColumnsInSelect = 1222;
    public const int IllegalParameterTypes = 4078;
    public const int CollationCharsetMismatch = 1253;
    public const int UnknownCollation = 1273;
    public const int UnknownCharacterSet = 1115;
    public const int DuplicateKeyName = WireErrorCodes.DuplicateKeyName;
    public const int CantDropFieldOrKey = WireErrorCodes.CantDropFieldOrKey;
    public const int WrongNameForIndex = 1280;
    public const int TooManyKeyParts = 1070;
    public const int TooManyTables = 1116; // more than MaxJoinTables in one SELECT's FROM
    public const int TooHighLevelOfNestingForSelect = SyntaxErrorCodes.TooHighLevelOfNestingForSelect;
    public const int EmptyQuery = 1065;
    public const int AccessDenied = WireErrorCodes.AccessDenied;
    public const int WrongAutoKey = 1075;
    public const int CantRemoveAllFields = WireErrorCodes.CantRemoveAllFields;
    public const int ConstraintFailed = 4025;
    public const int CantCreateTable = 1005;
    public const int DuplicateConstraintName = 1826;
    public const int UnknownStorageEngine = 1286;
    public const int BlobCantHaveDefault = 1101;
    public const int InvalidOnUpdate = 1294;
    public const int WrongTableName = WireErrorCodes.WrongTableName;
    public const int DuplicatedValueInType = 1291;
    public const int TooBigSetMembers = 1097;
    public const int IllegalValueForType = 1367;
    public const int TooBigDisplayWidth = 1439;
    public const int TooBigScale = 1425;
    public const int ScaleBiggerThanPrecision = 1427;
    public const int WrongFieldSpec = 1063;
    public const int InvalidJsonText = 4038;
    public const int OutOfSortMemory = 1038;
    // Accounts and privileges (MergeServer/Engine/Accounts).
    public const int DbAccessDenied = 1044;
    public const int TableAccessDenied = 1142;
    public const int SpecificAccessDenied = 1227;
    public const int KillDenied = 1095;
    public const int CannotUser = 1396;
    public const int PasswordNoMatch = 1133;
    public const int NonexistingGrant = 1141;
    public const int NonexistingTableGrant = 1147;
    public const int IllegalGrantForTable = 1144;
    public const int PasswordFormat = 1372;
    public const int UserCreateExists = 1973;
    public const int UserDropExists = 1974;
    // Session settings.
    public const int UnknownTimeZone = 1298;
    // A DATE / TIME / TIMESTAMP literal whose text is no such value (ER_WRONG_VALUE, HY000).
    public const int WrongValue = 1525;

    public static string SqlStateOf(int code) => code switch
    {
        ParseError or BadDatabase or NotSupported or WrongGroupField
            or InvalidGroupFuncUse or MultiplePrimaryKey or DuplicateFieldName or KeyColumnDoesNotExist
            or TooBigPrecision or RequiresPrimaryKey or InvalidDefault or WrongValueForVariable or WrongVariableArgumentType or SavepointDoesNotExist or CollationCharsetMismatch or UnknownCharacterSet
            or DuplicateKeyName or CantDropFieldOrKey or WrongNameForIndex or TooManyKeyParts
            or WrongAutoKey or CantRemoveAllFields or UnknownStorageEngine or BlobCantHaveDefault or WrongTableName => "42000",
        QueryInterrupted => "70100",
        NoDatabaseSelected => "3D000",
        AccessDenied or PasswordNoMatch => "28000",
        DbAccessDenied or TableAccessDenied or SpecificAccessDenied or NonexistingGrant or NonexistingTableGrant or IllegalGrantForTable => "42000",
        NoSuchTable or BadTable or UnknownTableInMultiDelete => "42S02",
        NonUniqTable or DerivedMustHaveAlias => "42000",
        OperandColumns or SubqueryMultipleRows or WrongNumberOfColumnsInSelect => "21000",
        TableExists => "42S01",
        BadField => "42S22",
        NonUniq => "23000",
        DuplicateEntry or BadNull or ConstraintFailed => "23000",
        DuplicateConstraintName => "HY000",
        IllegalValueForType => "22007",
        TooBigDisplayWidth or TooBigScale or ScaleBiggerThanPrecision or WrongFieldSpec => "42000",
        Deadlock => "40001",
        WrongValueCount => "21S01",
        OutOfRange => "22003",
        DataTooLong => "22001",
        TruncatedWrongValue => "HY000",
        DataTruncated or TooFewFields or TooManyFields => "01000",
        DivisionByZero => "22012",
        NullToNotNull => "22004",
        NoDefault => "HY000",
        UnknownSystemVariable => "HY000",
        OutOfSortMemory => "HY001",
        _ => "HY000",
    };
}
