namespace OceanClassic.Common.MySql;

// Collation ids as sent in the handshake and column definitions.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_character_set.html
public static class CharacterSets
{
    public const byte Utf8GeneralCi = 33;
    public const byte Utf8Mb4GeneralCi = 45;
    public const byte Binary = 63;
}
