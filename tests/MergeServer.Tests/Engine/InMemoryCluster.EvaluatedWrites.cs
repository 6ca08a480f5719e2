using OceanClassic.Common.Protos;

namespace OceanClassic.MergeServer.Tests.Engine;

// The cluster as an UpdateServer that evaluates UPDATE and DELETE requests (ApplyRequest.update) itself:
// EvaluatedWrites answers them (unset: they fall to the ordinary apply, which has no mutations to write), and
// a baseline-only tablet scan answers with BaselineVersionServed as the version of the baseline it read (0: as
// a ChunkServer that fused increments instead, which the MergeServer does not take as a baseline).
public sealed partial class InMemoryCluster
{
    public Func<ApplyRequest, ApplyResponse>? EvaluatedWrites { get; set; }

    public ulong BaselineVersionServed { get; set; }
}
