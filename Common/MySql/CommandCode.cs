namespace OceanClassic.Common.MySql;

// https://dev.mysql.com/doc/dev/mysql-server/latest/my__command_8h.html
public enum CommandCode : byte
{
    Sleep = 0x00,
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    FieldList = 0x04,
    Refresh = 0x07,
    Statistics = 0x09,
    Ping = 0x0e,
    ChangeUser = 0x11,
    StatementPrepare = 0x16,
    StatementExecute = 0x17,
    StatementSendLongData = 0x18,
    StatementClose = 0x19,
    StatementReset = 0x1a,
    SetOption = 0x1b,
    StatementFetch = 0x1c,
    ResetConnection = 0x1f,
}
