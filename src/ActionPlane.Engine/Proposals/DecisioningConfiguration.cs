using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Reads <c>ActionPlane:Decisioning:*</c> (README "Configuration"): HoldoutShare, Epsilon, MaxActionsPerAccount,
/// UncertaintyPenalty, HorizonMonths, WeeklyBudget, TenantId, ProposalTtlDays. One reader for the Web host and the
/// command line, so <c>actionplane ope</c> values the greedy rule with the settings the product decides with.
/// Unset keys keep the current values; a value that is not a number in range throws an <see cref="ArgumentException"/>
/// naming the key.
/// </summary>
public static class DecisioningConfiguration
{
    public const string SectionName = "ActionPlane:Decisioning";

    public static void Read(IConfiguration configuration, DecisioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(SectionName);
        var a = options.Arbitration;
        options.Arbitration = a with
        {
            HoldoutShare = Number(section, "HoldoutShare", a.HoldoutShare, 0, 0.99),
            Epsilon = Number(section, "Epsilon", a.Epsilon, 0, 1),
            UncertaintyPenalty = Number(section, "UncertaintyPenalty", a.UncertaintyPenalty, 0, 100),
            MaxActionsPerAccount = (int)Number(section, "MaxActionsPerAccount", a.MaxActionsPerAccount, 1, 100, integer: true),
            HorizonMonths = (int)Number(section, "HorizonMonths", a.HorizonMonths, 1, 120, integer: true),
            TenantId = section["TenantId"] is { Length: > 0 } tenant ? tenant : a.TenantId,
        };
        options.ProposalTtlDays = Number(section, "ProposalTtlDays", options.ProposalTtlDays, 0.001, 366);
        if (section["WeeklyBudget"] is { Length: > 0 })
            options.WeeklyBudget = (decimal)Number(section, "WeeklyBudget", 0, 0, 1e12);
    }

    /// <summary>The number at <paramref name="key"/> of <paramref name="section"/>, or <paramref name="current"/> when unset; out of range throws naming the key.</summary>
    public static double Number(IConfigurationSection section, string key, double current, double min, double max, bool integer = false)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section[key] is not { Length: > 0 } text)
            return current;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max
            || (integer && value % 1 != 0))
            throw new ArgumentException(
                $"{section.Path}:{key} must be {(integer ? "a whole number" : "a number")} between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'.");
        return value;
    }
}
