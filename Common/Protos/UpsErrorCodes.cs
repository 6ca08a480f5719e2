namespace OceanClassic.Common.Protos;

// Error codes an UpdateServer raises beyond MySQL's (0.4 kept its own codes in the same space).
public static class UpsErrorCodes
{
    // A write reached a UPS that is not the master or whose lease ran out; nothing was applied,
    // so the caller may resend it to the master the RootServer names.
    public const int NotMaster = 6100;
}
