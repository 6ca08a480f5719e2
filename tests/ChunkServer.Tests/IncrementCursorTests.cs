using System.Buffers;
using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class IncrementCursorTests
{
    private static List<IncrementRow> Rows(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new IncrementRow(Key(i), IncrementState.Replace, [new IncrementCell(0, ObObj.FromInt(i))]))];

    [TestMethod]
    public async Task PagingReturnsEveryRowOnceAtTheVersionTheFirstPageChose()
    {
        var source = new ListIncrementSource(Rows(25), latestVersion: 77);
        var cursor = await IncrementCursor.OpenAsync(source, 3, Range(null, null), readVersion: 0, pageRows: 10, default);
        var rows = await RowFusionTests.ToListAsync(cursor.ReadAllAsync(default));

        Assert.AreEqual(77UL, cursor.ReadVersion);
        CollectionAssert.AreEqual(Enumerable.Range(0, 25).ToList(), rows.Select(r => (int)r.Cells[0].Value.Int).ToList());
        Assert.AreEqual(3, source.Requests.Count);
        Assert.AreEqual(0UL, source.Requests[0].ReadVersion);
        Assert.IsTrue(source.Requests.Skip(1).All(r => r.ReadVersion == 77 && !r.Range.StartInclusive));
    }

    [TestMethod]
    public void IncrementRowsSurviveTheWireFormatAndGarbageIsAFormatError()
    {
        var rows = new List<IncrementRow>
        {
            new(Key(1), IncrementState.Update, [new IncrementCell(2, ObObj.FromString("x")), new IncrementCell(300, ObObj.NotWritten)]),
            new(Key(2), IncrementState.Deleted, []),
        };
        var w = new ArrayBufferWriter<byte>();
        IncrementRowCodec.Write(w, rows);
        var back = IncrementRowCodec.Read(w.WrittenSpan);
        Assert.AreEqual(2, back.Count);
        Assert.AreEqual(IncrementState.Update, back[0].State);
        Assert.AreEqual(300, back[0].Cells[1].ColumnId);
        Assert.AreEqual(ObType.NotWritten, back[0].Cells[1].Value.Type);
        Assert.AreEqual(IncrementState.Deleted, back[1].State);

        var bytes = w.WrittenSpan.ToArray();
        var rng = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var broken = i % 2 == 0 ? bytes[..rng.Next(bytes.Length)] : (byte[])bytes.Clone();
            if (i % 2 == 1)
                broken[rng.Next(broken.Length)] ^= (byte)rng.Next(1, 256);
            try
            {
                IncrementRowCodec.Read(broken);
            }
            catch (FormatException)
            {
            }
        }
    }

    [TestMethod]
    public async Task AnUpdateServerThatSaysHasMoreWithAnEmptyPageIsAnErrorNotALoop()
    {
        var source = new StuckSource();
        var cursor = await IncrementCursor.OpenAsync(source, 3, Range(null, null), 0, 10, default);
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => RowFusionTests.ToListAsync(cursor.ReadAllAsync(default)));
        Assert.AreEqual(RpcErrorCodes.Internal, ex.Code);
    }

    private sealed class StuckSource : IIncrementSource
    {
        public Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct) =>
            Task.FromResult(new ScanIncrementResponse { ReadVersion = 1, Rows = ByteString.CopyFrom(0), HasMore = true });
    }
}
