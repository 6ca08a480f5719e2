namespace OceanClassic.ObClient.Protocol;

// https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html
[Flags]
internal enum CapabilityFlags : uint
{
    None = 0,
    LongPassword = 0x1,
    LongFlag = 0x4,
    ConnectWithDb = 0x8,
    Protocol41 = 0x200,
    Transactions = 0x2000,
    SecureConnection = 0x8000,
    MultiStatements = 0x10000,
    MultiResults = 0x20000,
    PluginAuth = 0x80000,
    ConnectAttributes = 0x100000,
    DeprecateEof = 0x1000000,
}
