using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.Scan;

// One UpsScanIncrement call: the MemTable increments of a key range at a read version.
public interface IIncrementSource
{
    Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct);
}
