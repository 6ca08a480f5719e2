namespace OceanClassic.ChunkServer;

// ChunkServer RPC error codes. 6001/6002 tell the MergeServer to refresh locations and try
// another replica, and so does 6003 (this replica's baseline failed its CRC: it is quarantined and
// re-copied); the MySQL ones pass through to the client.
public static class CsErrorCodes
{
    public const int TabletNotServedHere = 6001;
    public const int NoUpdateServerMaster = 6002;
    public const int TabletReplicaCorrupt = 6003;
    public const int NotSupportedYet = 1235;      // ER_NOT_SUPPORTED_YET
    public const int UnknownError = 1105;         // ER_UNKNOWN_ERROR
}
