namespace ActionPlane.Engine.Uplift;

/// <summary>What <see cref="UpliftTrainer.Train"/> fitted: the chosen learner, how every candidate scored, and the ensemble.</summary>
/// <param name="ValidationQini">Normalised Qini of every candidate learner on the validation split; empty when there was one candidate.</param>
/// <param name="Ensemble">The chosen learner's fits on random halves of the rows; the model's uplift is their mean.</param>
public sealed record UpliftFit(UpliftLearner Learner, IReadOnlyDictionary<UpliftLearner, double> ValidationQini, IReadOnlyList<UpliftPredictor> Ensemble)
{
    /// <summary>The candidate with the highest validation Qini; differs from <see cref="Learner"/> when the one-standard-error rule kept the preferred learner.</summary>
    public UpliftLearner RawWinner { get; init; } = Learner;

    /// <summary>The learner, with the raw winner in parentheses when the rule kept the preferred learner over it: <c>DRLogOdds(X)</c>.</summary>
    public string Choice => RawWinner == Learner ? Learner.ToString() : $"{Learner}({RawWinner})";

    /// <summary>The members' mean uplift per row.</summary>
    public double[] PredictMany(IReadOnlyList<float[]> rows) =>
        rows.Select(row => Ensemble.Sum(m => m.Predict(row)) / Ensemble.Count).ToArray();
}
