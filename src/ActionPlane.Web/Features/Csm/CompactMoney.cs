using System.Globalization;

namespace ActionPlane.Web.Features.Csm;

/// <summary>Dollar amounts short enough for a chart axis: $950, $12k, $1.2M.</summary>
public static class CompactMoney
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");

    public static string Format(double amount)
    {
        var sign = amount < 0 ? "-" : "";
        var a = Math.Abs(amount);
        return a switch
        {
            >= 999_500_000 => $"{sign}${(a / 1_000_000_000).ToString("0.#", s_culture)}B",
            >= 999_500 => $"{sign}${(a / 1_000_000).ToString("0.#", s_culture)}M",
            >= 1_000 => $"{sign}${(a / 1_000).ToString("0.#", s_culture)}k",
            _ => $"{sign}${a.ToString("0", s_culture)}",
        };
    }
}
