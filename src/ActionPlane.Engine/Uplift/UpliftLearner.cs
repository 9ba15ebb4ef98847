namespace ActionPlane.Engine.Uplift;

/// <summary>Meta-learners for conditional treatment effects.</summary>
public enum UpliftLearner
{
    /// <summary>Two outcome models, treated and control; uplift = difference.</summary>
    T,
    /// <summary>Künzel et al.: imputed effects from the other arm's model, regressed and propensity-weighted.</summary>
    X,
    /// <summary>Kennedy: doubly robust pseudo-outcomes with cross-fitted nuisances, regressed on the features.</summary>
    DR,
    /// <summary>
    /// DR pseudo-outcomes with the effect modelled as a shift of the control outcome's log-odds
    /// (uplift = σ(h + g) − σ(h)), fitted by weighted least squares on the linearised scale.
    /// </summary>
    DRLogOdds,
}
