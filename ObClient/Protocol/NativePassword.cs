using System.Security.Cryptography;
using System.Text;

namespace OceanClassic.ObClient.Protocol;

// mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html
internal static class NativePassword
{
    public const string PluginName = "mysql_native_password";

    public static byte[] ComputeToken(ReadOnlySpan<byte> scramble, string password)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);
        var token = SHA1.HashData([.. scramble, .. stage2]);
        for (var i = 0; i < token.Length; i++)
        {
            token[i] ^= stage1[i];
        }

        return token;
    }
}
