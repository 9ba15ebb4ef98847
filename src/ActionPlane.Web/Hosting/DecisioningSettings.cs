using System.Globalization;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Hosting;

/// <summary>
/// Reads <c>ActionPlane:Decisioning:*</c> (see README "Configuration"): HoldoutShare, Epsilon,
/// MaxActionsPerAccount, UncertaintyPenalty, HorizonMonths, WeeklyBudget, TenantId, ProposalTtlDays. Unset keys keep
/// the engine's defaults; a value that is not a number in range stops the start naming the key.
/// </summary>
public static class DecisioningSettings
{
    public static void Read(IConfiguration configuration, DecisioningOptions options)
    {
        var section = configuration.GetSection("ActionPlane:Decisioning");
        var a = options.Arbitration;
        a = a with
        {
            HoldoutShare = Number(section, "HoldoutShare", a.HoldoutShare, 0, 0.99),
            Epsilon = Number(section, "Epsilon", a.Epsilon, 0, 1),
            UncertaintyPenalty = Number(section, "UncertaintyPenalty", a.UncertaintyPenalty, 0, 100),
            MaxActionsPerAccount = (int)Number(section, "MaxActionsPerAccount", a.MaxActionsPerAccount, 1, 100, integer: true),
            HorizonMonths = (int)Number(section, "HorizonMonths", a.HorizonMonths, 1, 120, integer: true),
            TenantId = section["TenantId"] is { Length: > 0 } tenant ? tenant : a.TenantId,
        };
        options.Arbitration = a;
        options.ProposalTtlDays = Number(section, "ProposalTtlDays", options.ProposalTtlDays, 0.001, 366);
        if (section["WeeklyBudget"] is { Length: > 0 })
            options.WeeklyBudget = (decimal)Number(section, "WeeklyBudget", 0, 0, 1e12);
    }

    /// <summary>The number at <paramref name="key"/> of <paramref name="section"/>, or <paramref name="current"/> when unset; out of range stops the start naming the key.</summary>
    internal static double Number(IConfigurationSection section, string key, double current, double min, double max, bool integer = false)
    {
        if (section[key] is not { Length: > 0 } text)
            return current;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max
            || (integer && value % 1 != 0))
            throw new StartupConfigurationException(
                $"{section.Path}:{key} must be {(integer ? "a whole number" : "a number")} between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'.");
        return value;
    }
}
