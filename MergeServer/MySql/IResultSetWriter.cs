namespace OceanClassic.MergeServer.MySql;

// Rows stream to the client: both methods complete synchronously until enough bytes are buffered,
// then they flush and honour the client's backpressure.
public interface IResultSetWriter
{
    // Text protocol values, one per column; null = SQL NULL.
    ValueTask WriteRow(ReadOnlySpan<string?> values);

    ValueTask End();
}
