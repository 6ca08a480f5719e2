// One register operation as the linearizability checker sees it: an interval [Call, Return] on one key.
// Read: Value is what it saw (RegisterModel.Nil for no value). Write: Value is what it wrote. Cas: Value
// is the expected value, CasTo the new one; only a cas that matched is an operation (one that matched
// nothing certainly took no effect). An indeterminate write or cas has Return = long.MaxValue: it may
// take effect at any point after its call, or never (taking effect after everything else is the same as
// never, as nothing observes it). Indeterminate and failed reads tell nothing and are not operations.
namespace OceanClassic.Jepsen.Checker;

public enum RegisterFunction
{
    Read,
    Write,
    Cas,
}

public sealed record RegisterOperation(int Process, long Key, RegisterFunction Function, long Value, long CasTo, long Call, long Return)
{
    public const long Pending = long.MaxValue;

    public bool Indeterminate => Return == Pending;

    public override string ToString()
    {
        var what = Function switch
        {
            RegisterFunction.Read => $"read {RegisterModel.Show(Value)}",
            RegisterFunction.Write => $"write {Value}",
            _ => $"cas {Value}->{CasTo}",
        };
        var end = Indeterminate ? "indeterminate" : $"{Return / 1e9:F6}s";
        return $"process {Process,-4} key {Key,-3} {what,-16} [{Call / 1e9:F6}s .. {end}]";
    }
}

// The register's sequential specification. State is the register's value, Nil when it has none, or
// Unknown (any value: used when a sub-history is checked without its beginning).
public static class RegisterModel
{
    public const long Nil = -1;
    public const long Unknown = -2;

    public static bool Step(long state, RegisterOperation op, out long next)
    {
        switch (op.Function)
        {
            case RegisterFunction.Read:
                next = op.Value;
                return state == Unknown || state == op.Value;
            case RegisterFunction.Write:
                next = op.Value;
                return true;
            default:
                if (state == Unknown || state == op.Value)
                {
                    next = op.CasTo;
                    return true;
                }
                // An indeterminate cas that does not match simply did not take effect.
                next = state;
                return op.Indeterminate;
        }
    }

    public static string Show(long value) => value switch
    {
        Nil => "nil",
        Unknown => "?",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
