using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Knobs of a generated world: base churn, noise, how heterogeneous action effects are and how
/// confounded the historical action logs are. <see cref="Default"/> reproduces the generator's
/// original churn behaviour exactly.
/// </summary>
public sealed record Scenario
{
    /// <summary>The scenario used when none is given.</summary>
    public static Scenario Default { get; } = new();

    /// <summary>Added to every account's churn log-odds; 0 keeps the ~20 % base churn, +1 roughly doubles the odds.</summary>
    [JsonPropertyName("base_churn_shift")]
    public double BaseChurnShift { get; init; }

    /// <summary>Multiplies the unobservable account-level noise on the churn log-odds (1 = as designed).</summary>
    [JsonPropertyName("noise_scale")]
    public double NoiseScale { get; init; } = 1.0;

    /// <summary>0 = every account gets an action's average effect; 1 = effects follow the drivers fully.</summary>
    [JsonPropertyName("effect_heterogeneity")]
    public double EffectHeterogeneity { get; init; } = 1.0;

    /// <summary>Multiplies every action's effect size (0 = actions do nothing).</summary>
    [JsonPropertyName("effect_scale")]
    public double EffectScale { get; init; } = 1.0;

    /// <summary>
    /// 0 = historical actions were randomised (propensity 0.5); towards 1 they were given mostly to
    /// accounts at high churn risk, as a CSM would, so naive comparisons are biased.
    /// </summary>
    [JsonPropertyName("confounding")]
    public double Confounding { get; init; }

    /// <summary>Reads a scenario JSON file; unknown or out-of-range fields are errors naming the field.</summary>
    public static Scenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), new JsonSerializerOptions
            {
                UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
                ReadCommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Scenario '{path}': {e.Message}", e);
        }
        return (scenario ?? throw new InvalidDataException($"Scenario '{path}' is empty.")).Validate();
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first field out of range.</summary>
    public Scenario Validate()
    {
        Check("base_churn_shift", BaseChurnShift, -5, 5);
        Check("noise_scale", NoiseScale, 0, 10);
        Check("effect_heterogeneity", EffectHeterogeneity, 0, 1);
        Check("effect_scale", EffectScale, 0, 10);
        Check("confounding", Confounding, 0, 1);
        return this;
    }

    private static void Check(string field, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            throw new InvalidDataException($"Scenario field '{field}' must be between {min} and {max}; got {value}.");
    }
}
