namespace OceanClassic.Common.MySql;

// https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html (SERVER_STATUS_*)
[Flags]
public enum ServerStatus : ushort
{
    None = 0,
    InTransaction = 0x1,
    Autocommit = 0x2,
    MoreResultsExist = 0x8,
    NoGoodIndexUsed = 0x10,
    NoIndexUsed = 0x20,
}
