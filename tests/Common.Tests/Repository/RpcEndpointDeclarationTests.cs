using System.Text.RegularExpressions;

namespace OceanClassic.Common.Tests.Repository;

// Every role declares its RPC endpoints one way: a packet is registered only inside a class that
// implements IRpcEndpoints (its MapTo maps the group's packets), never inline where a role starts.
[TestClass]
public sealed partial class RpcEndpointDeclarationTests
{
    private static readonly string[] ServingFolders = ["RootServer", "UpdateServer", "ChunkServer", "MergeServer", "Common/Hosting"];

    [TestMethod]
    public void EveryPacketARoleServesIsMappedByAnEndpointGroup()
    {
        var root = RepositoryTree.Root();
        var files = ServingFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !RepositoryTree.IsBuildOutput(root, f))
            .Select(f => (Path: Path.GetRelativePath(root, f), Text: File.ReadAllText(f)))
            .ToList();
        var registering = files.Where(f => PacketRegistration().IsMatch(f.Text)).ToList();
        var outside = registering.Where(f => !EndpointGroup().IsMatch(f.Text)).Select(f => f.Path).ToList();

        Assert.IsTrue(registering.Count >= 6, "expected the endpoint groups of all four roles and the host, found " + registering.Count);
        Assert.IsEmpty(outside, "packets registered outside an IRpcEndpoints class: " + string.Join(", ", outside));
    }

    // `.Register(PacketCodes.X, …` or `.Register<TReq, TResp>(PacketCodes.X, …`, the code on the next line or not.
    [GeneratedRegex(@"\.Register(?:<[\w\s,]+>)?\(\s*PacketCodes\.")]
    private static partial Regex PacketRegistration();

    [GeneratedRegex(@"\b(?:class|record)\s+\w+(?:\([^)]*\))?\s*:[^{]*\bIRpcEndpoints\b")]
    private static partial Regex EndpointGroup();
}
