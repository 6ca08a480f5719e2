using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Benchmarks;

// Encode and parse of one request frame with a 64-byte payload, as on the RPC hot path.
public class FrameBench
{
    private const int Max = 64 * 1024 * 1024;
    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private readonly EchoRequest _request = new() { Payload = ByteString.CopyFrom(new byte[64]) };
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        RpcFrameWriter.Write(_writer, RpcFrameFlags.None, 1, 1, _request, Max);
        _frame = _writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        RpcFrameWriter.Write(_writer, RpcFrameFlags.None, 1, 42, _request, Max);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public ulong Parse()
    {
        var buffer = new ReadOnlySequence<byte>(_frame);
        RpcFrame.TryParse(ref buffer, Max, out var frame);
        return frame.Header.RequestId;
    }

    [Benchmark]
    public int ParseAndDecode()
    {
        var buffer = new ReadOnlySequence<byte>(_frame);
        RpcFrame.TryParse(ref buffer, Max, out var frame);
        return EchoRequest.Parser.ParseFrom(frame.Body).Payload.Length;
    }
}
