namespace OceanClassic.MergeServer.Sql.Ast;

// MySQL operator precedence, loosest first (manual: "Operator Precedence").
public static class Precedence
{
    public const int Lowest = 0;
    public const int Or = 1;
    public const int Xor = 2;
    public const int And = 3;
    public const int Not = 4;
    public const int Comparison = 5;
    public const int BitOr = 6;
    public const int BitAnd = 7;
    public const int Shift = 8;
    public const int Additive = 9;
    public const int Multiplicative = 10;
    public const int BitXor = 11;
    public const int Unary = 12;
    public const int Bang = 13;
    public const int Collate = 14;
    public const int Atom = 100;
}
