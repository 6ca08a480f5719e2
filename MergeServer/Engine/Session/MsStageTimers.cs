using OceanClassic.Common.Rpc;

namespace OceanClassic.MergeServer.Engine.Session;

// The MergeServer's statement stages, timed for profiles (scripts/bench.sh profile reads them through
// the Status RPC as "time.ms.<stage>"): parse of a text query, a statement's whole run, a query's plan
// and its execution (scans, fusion and result rows), and the conversion to the wire of the result rows a
// statement held (ORDER BY, DISTINCT, aggregates: counted per row, timed once for them all; rows that stream
// straight from the scan are inside ms.select only). The MySQL layer times the whole command and its send, the
// location cache its lookups ("ms.location"), beside these.
public static class MsStageTimers
{
    public static readonly OperationTimer Parse = OperationTimers.Get("ms.parse");
    public static readonly OperationTimer Statement = OperationTimers.Get("ms.statement");
    public static readonly OperationTimer Plan = OperationTimers.Get("ms.plan");
    public static readonly OperationTimer Select = OperationTimers.Get("ms.select");
    public static readonly OperationTimer Encode = OperationTimers.Get("ms.encode");
}
