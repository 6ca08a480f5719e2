namespace OceanClassic.MergeServer.MySql;

// Rows stream to the client: both methods complete synchronously until enough bytes are buffered,
// then they flush and honour the client's backpressure.
public interface IResultSetWriter
{
    // Text protocol values, one per column; null = SQL NULL.
    ValueTask WriteRow(ReadOnlySpan<string?> values);

    ValueTask End();

    // The rows go out in the binary protocol (COM_STMT_EXECUTE): a value's text is then parsed back
    // into its binary form, so it must keep every digit (no display rounding, see ResultText).
    bool Binary => false;
}
