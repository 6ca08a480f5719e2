namespace OceanClassic.Common.Types.Collations;

// utf8mb4_general_ci, MariaDB's default: one 16-bit weight per BMP character from MariaDB's own table
// (GeneralCiWeights, generated from a running MariaDB: case folded to upper case, accents removed,
// 'ß' = 's'), every supplementary character (emoji) weighs 0xFFFD; PAD SPACE.
internal sealed class GeneralCiCollation : Collation
{
    private const int SupplementaryWeight = 0xFFFD;

    private static readonly ushort[] Weights = BuildWeights();

    public override CollationId Id => CollationId.Utf8mb4GeneralCi;
    public override string Name => "utf8mb4_general_ci";
    public override int Number => 45;
    public override string CharacterSet => "utf8mb4";
    public override bool PadSpace => true;
    public override int KeyWeightBytes => 2;

    public override int Weight(int codePoint) => codePoint <= 0xFFFF ? Weights[codePoint] : SupplementaryWeight;

    protected override ushort[]? BmpWeights => Weights;

    private static ushort[] BuildWeights()
    {
        var weights = new ushort[0x10000];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = (ushort)i;
        var pairs = GeneralCiWeights.Pairs;
        for (var i = 0; i < pairs.Length; i += 2)
            weights[pairs[i]] = pairs[i + 1];
        return weights;
    }
}
