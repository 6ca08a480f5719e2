using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.DailyMerge;

namespace OceanClassic.RootServer.Balance;

// Whether a ChunkServer's last report has a tablet's range at the tablet's version or newer (it
// holds the baseline). Each replica's report is indexed once per use: a tablet reported with the
// same range is found by lookup; only one it lacks as such (a split, a copy still missing) is
// looked for by overlap.
public sealed class ReplicaHoldings(TabletReportProcessor processor)
{
    private readonly Dictionary<string, (IReadOnlyList<TabletInfo> All, Dictionary<(ulong, ByteString), ulong> Versions)> _reports = new(StringComparer.Ordinal);

    public bool Holds(string address, TabletInfo tablet)
    {
        if (!_reports.TryGetValue(address, out var report))
        {
            var all = processor.ReportOf(address);
            var versions = new Dictionary<(ulong, ByteString), ulong>();
            foreach (var t in all)
                versions[Key(t)] = Math.Max(t.Version, versions.GetValueOrDefault(Key(t)));
            _reports[address] = report = (all, versions);
        }
        if (report.Versions.TryGetValue(Key(tablet), out var version) && version >= tablet.Version)
            return true;
        return report.All.Any(t => t.TableId == tablet.TableId && t.Version >= tablet.Version && Ranges.Overlap(t.Range, tablet.Range));
    }

    private static (ulong, ByteString) Key(TabletInfo t) => (t.TableId, t.Range?.ToByteString() ?? ByteString.Empty);
}
