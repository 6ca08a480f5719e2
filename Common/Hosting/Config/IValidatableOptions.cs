namespace OceanClassic.Common.Config;

// Options validated at start: each problem is one line "key: problem", and any problem stops the role.
public interface IValidatableOptions
{
    IEnumerable<string> Validate();
}
