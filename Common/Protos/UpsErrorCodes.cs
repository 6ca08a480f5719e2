namespace OceanClassic.Common.Protos;

// Error codes an UpdateServer raises beyond MySQL's (0.4 kept its own codes in the same space).
public static class UpsErrorCodes
{
    // A write reached a UPS that is not the master or whose lease ran out; nothing was applied,
    // so the caller may resend it to the master the RootServer names.
    public const int NotMaster = 6100;

    // An autocommit write's row changed after the snapshot it was read at (expect_unchanged_since):
    // nothing was applied; the MergeServer redoes the statement under row locks. Never a client error.
    public const int WriteConflict = 6102;
}
