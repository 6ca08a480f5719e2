using Google.Protobuf;

namespace OceanClassic.Common.Protos;

// One tablet version's identity (table, range, baseline version) as a string key: the RootServer
// keys replica checksums by it, a ChunkServer its tablet-copy retries.
public sealed partial class TabletInfo
{
    public string IdentityKey => $"{TableId}|{Convert.ToHexString((Range ?? new KeyRange()).ToByteArray())}|{Version}";
}
