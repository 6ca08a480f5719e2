using OceanClassic.Common.MySql;

namespace OceanClassic.Common.Tests.MySql;

[TestClass]
public sealed class NativePasswordTests
{
    // Computed independently: SHA1(p) XOR SHA1(scramble + SHA1(SHA1(p))) with p = "secret", scramble = 1..20.
    private static readonly byte[] Scramble = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];

    [TestMethod]
    public void TokenMatchesKnownVector()
    {
        var token = NativePassword.ComputeToken(Scramble, "secret");

        Assert.AreEqual("b32bb3a583e1340c0a1108d58b1be49781ad8c2f", Convert.ToHexStringLower(token));
    }

    [TestMethod]
    public void VerifyAcceptsTheRightPasswordOnly()
    {
        var token = NativePassword.ComputeToken(Scramble, "secret");

        Assert.IsTrue(NativePassword.Verify(Scramble, token, "secret"));
        Assert.IsFalse(NativePassword.Verify(Scramble, token, "Secret"));
    }

    [TestMethod]
    public void EmptyPasswordMeansEmptyToken()
    {
        Assert.AreEqual(0, NativePassword.ComputeToken(Scramble, "").Length);
        Assert.IsTrue(NativePassword.Verify(Scramble, [], ""));
        Assert.IsFalse(NativePassword.Verify(Scramble, [], "secret"));
    }

    [TestMethod]
    public void ScrambleIsTwentyPrintableBytes()
    {
        var scramble = NativePassword.CreateScramble();

        Assert.AreEqual(20, scramble.Length);
        Assert.IsTrue(scramble.All(b => b is > 0x20 and < 0x7f));
    }

    [TestMethod]
    public void TheStoredHashIsMySqlsPasswordFunctionAndAStoredHashChecksATokenLikeThePassword()
    {
        // MariaDB 10.11: SELECT PASSWORD('p').
        Assert.AreEqual("*7B9EBEED26AA52ED10C0F549FA863F13C39E0209", NativePassword.Hash("p"));
        Assert.AreEqual("", NativePassword.Hash(""));
        var token = NativePassword.ComputeToken(Scramble, "p");
        Assert.IsTrue(NativePassword.VerifyHash(Scramble, token, NativePassword.Hash("p")));
        Assert.IsFalse(NativePassword.VerifyHash(Scramble, token, NativePassword.Hash("q")));
        Assert.IsFalse(NativePassword.VerifyHash(Scramble, [], NativePassword.Hash("p")));
        Assert.IsTrue(NativePassword.VerifyHash(Scramble, [], ""));
        Assert.IsFalse(NativePassword.VerifyHash(Scramble, token, ""));
        Assert.IsFalse(NativePassword.IsHash("*7B9EBEED26AA52ED10C0F549FA863F13C39E020"), "40 characters");
        Assert.IsFalse(NativePassword.IsHash("*7B9EBEED26AA52ED10C0F549FA863F13C39E020G"), "not hex");
    }
}
