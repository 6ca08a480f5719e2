using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.Tablets;

// A tablet this ChunkServer serves: a key range of one table at a baseline version.
public sealed record Tablet(ulong TableId, KeyRange Range, ulong Version, ITabletBaseline Baseline);
