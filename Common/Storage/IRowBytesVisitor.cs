namespace OceanClassic.Common.Storage;

// Takes a scan's rows as their logical bytes (SSTableRowCodec), in key order, without a row object per
// row: the span is the block's (or the row cache's) own memory, valid only during the call. Visit returns
// false to end the scan there (SSTableReader.VisitAsync).
public interface IRowBytesVisitor
{
    bool Visit(ReadOnlySpan<byte> row);
}
