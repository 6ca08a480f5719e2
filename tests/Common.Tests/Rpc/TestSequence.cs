using System.Buffers;

namespace OceanClassic.Common.Tests.Rpc;

// Builds a multi-segment ReadOnlySequence so parsers see data split where a socket might split it.
public static class TestSequence
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Append(data.Length).ToArray();
        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int end in bounds)
        {
            var memory = data.AsMemory(start, end - start).ToArray();
            if (last is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last.Append(memory);
            }
            start = end;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
