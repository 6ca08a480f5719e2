using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.Benchmarks;

// The MemTable side of one UpdateServer write, as the engine's apply lock runs it, on a MemTable holding
// four sysbench-like tables of 50,000 rows and their k index tables: an insert at the end of a table
// (duplicate check, then the new row linked in, and its index row at a random place), an update of an existing row (write-conflict check, then an Update increment), and
// a point read of one key (what an update's read and a point select ask the UPS). Run with
// `Benchmarks bdn '*MemTableApplyBench*' --job short`, or `Benchmarks memtable [rounds]` for the process's CPU time per
// operation (on a loaded machine wall time measures the other processes).
public class MemTableApplyBench
{
    public static void RunCpu(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var bench = new MemTableApplyBench();
        bench.Setup();
        var process = Process.GetCurrentProcess();
        foreach (var (name, op) in new (string, Func<int>)[] { ("InsertAtTableEnd", bench.InsertAtTableEnd), ("UpdateExistingRow", bench.UpdateExistingRow), ("PointRead", bench.PointRead) })
        {
            for (var i = 0; i < rounds / 10; i++)
                op();
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var i = 0; i < rounds; i++)
                op();
            process.Refresh();
            var ns = (process.TotalProcessorTime - before).TotalNanoseconds / ((double)rounds * Ops);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {ns:F0} ns CPU per operation ({rounds * Ops} operations)"));
        }
    }

    private const int Tables = 4;
    private const int Rows = 50_000;
    private const int Ops = 1000;
    private const ulong FirstTable = 3001;
    private const ulong FirstIndex = 4001;

    private readonly MemTable _memTable = new();
    private readonly Random _random = new(7);
    private ColumnCell[] _row = [];
    private ColumnCell[] _update = [];
    private ulong _version;
    private long _nextId = Rows;

    [GlobalSetup]
    public void Setup()
    {
        _row =
        [
            new ColumnCell(1, ObObj.FromInt(1)),
            new ColumnCell(2, ObObj.FromInt(4242)),
            new ColumnCell(3, ObObj.FromString(new string('7', 119))),
            new ColumnCell(4, ObObj.FromString(new string('3', 59))),
        ];
        _update = [new ColumnCell(3, ObObj.FromString(new string('5', 119)))];
        for (var id = 1; id <= Rows; id++)
        {
            for (var t = 0; t < Tables; t++)
            {
                _memTable.Apply(FirstTable + (ulong)t, Key(id), ++_version, IncrementKind.Replace, _row);
                _memTable.Apply(FirstIndex + (ulong)t, IndexKey(_random.Next(1, Rows + 1), id), _version, IncrementKind.Replace, []);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int InsertAtTableEnd()
    {
        var created = 0;
        for (var i = 0; i < Ops; i++)
        {
            var table = FirstTable + (ulong)(i % Tables);
            var key = Key(++_nextId);
            if (_memTable.FindForWrite(table, key) is not { ExistsAtLatest: true })
                created++;
            _memTable.Apply(table, key, ++_version, IncrementKind.Replace, _row);
            _memTable.Apply(FirstIndex + (ulong)(i % Tables), IndexKey(_random.Next(1, Rows + 1), _nextId), _version, IncrementKind.Replace, []);
        }
        return created;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int UpdateExistingRow()
    {
        var conflicts = 0;
        for (var i = 0; i < Ops; i++)
        {
            var table = FirstTable + (ulong)(i % Tables);
            var key = Key(_random.Next(1, Rows + 1));
            if (_memTable.FindForWrite(table, key)?.LatestVersion > _version)
                conflicts++;
            _memTable.Apply(table, key, ++_version, IncrementKind.Update, _update);
        }
        return conflicts;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public int PointRead()
    {
        var found = 0;
        for (var i = 0; i < Ops; i++)
        {
            var key = Key(_random.Next(1, Rows + 1));
            if (_memTable.Find(FirstTable + (ulong)(i % Tables), key)?.Fold(_version) is not null)
                found++;
        }
        return found;
    }

    private static byte[] Key(long id) => RowKeyCodec.Encode(ObObj.FromInt(id));

    private static byte[] IndexKey(long k, long id) => RowKeyCodec.Encode([ObObj.FromInt(k), ObObj.FromInt(id)]);
}
