namespace OceanClassic.Common.Expr.Functions;

// The number formats of the locales FORMAT(x, d, locale) knows: MariaDB 10.11's own locale list
// (its information_schema.LOCALES) with each locale's decimal point, thousands separator and digit
// grouping, the values MariaDB's FORMAT prints (bg_BG's separator is a NUL character there, kept as
// such). Names match case-insensitively; a name not listed is en_US with warning 1649.
internal static class NumberLocales
{
    // Sizes of the digit groups left of the decimal point, counted from it: the first group, then
    // every further one (en_IN: 12,34,567). A separator of null means no grouping at all.
    internal sealed record NumberFormat(char DecimalPoint, char? ThousandsSeparator, int FirstGroup, int NextGroups);

    public static readonly NumberFormat EnUs = new('.', ',', 3, 3);

    private static readonly (NumberFormat Format, string Names)[] Styles =
    [
        (EnUs, "en_US en_GB ja_JP ar_AE ar_BH ar_JO ar_SY gu_IN he_IL hi_IN ko_KR ms_MY th_TH ur_PK zh_CN zh_TW ar_DZ " +
            "ar_EG ar_IN ar_IQ ar_KW ar_LB ar_LY ar_MA ar_OM ar_QA ar_SD ar_TN ar_YE en_AU en_CA en_NZ en_PH en_ZA en_ZW " +
            "es_DO es_GT es_HN es_MX es_NI es_PA es_PE es_PR es_SV es_US zh_HK"),
        (new(',', ' ', 3, 3), "sv_SE cs_CZ et_EE fi_FI lv_LV mk_MK ru_RU sk_SK es_CR sv_FI ka_GE"),
        (new(',', '.', 3, 3), "de_DE be_BY da_DK es_ES fo_FO hu_HU id_ID is_IS lt_LT mn_MN nb_NO ro_RO ru_UA sq_AL tr_TR " +
            "uk_UA vi_VN de_BE de_LU es_AR es_BO es_CL es_CO es_EC es_PY es_UY es_VE no_NO"),
        (new(',', null, 0, 0), "fr_FR ca_ES de_AT eu_ES gl_ES hr_HR nl_NL pl_PL pt_BR pt_PT sl_SI fr_BE fr_CA fr_CH fr_LU " +
            "it_IT nl_BE el_GR"),
        (new('.', null, 0, 0), "ar_SA sr_RS"),
        (new(',', '\0', 3, 3), "bg_BG"),
        (new(',', '\'', 3, 3), "it_CH rm_CH"),
        (new('.', '\'', 3, 3), "de_CH"),
        (new('.', ',', 3, 2), "ta_IN te_IN en_IN"),
    ];

    private static readonly Dictionary<string, NumberFormat> ByName = BuildIndex();

    public static bool TryFind(string name, out NumberFormat format) => ByName.TryGetValue(name, out format!);

    private static Dictionary<string, NumberFormat> BuildIndex()
    {
        var index = new Dictionary<string, NumberFormat>(StringComparer.OrdinalIgnoreCase);
        foreach (var (format, names) in Styles)
            foreach (var name in names.Split(' '))
                index.Add(name, format);
        return index;
    }
}
