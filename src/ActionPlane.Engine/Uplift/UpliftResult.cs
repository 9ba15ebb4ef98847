namespace ActionPlane.Engine.Uplift;

/// <summary>Outcome of <see cref="UpliftTrainer.Run"/>: the chosen learner and its held-out test metrics.</summary>
/// <param name="ValidationQini">Normalised Qini of every learner on the validation part of the training rows.</param>
/// <param name="Ensemble">The chosen learner's fits on halves of the training rows; <see cref="TestUplift"/> is their mean.</param>
/// <param name="TestRows">Indices (into the input) of the test rows, in the order of <see cref="TestUplift"/>.</param>
public sealed record UpliftResult(
    UpliftLearner Learner,
    IReadOnlyDictionary<UpliftLearner, double> ValidationQini,
    double QiniAuc, double UpliftAuc, double UpliftAt30,
    int TrainCount, int TestCount, IReadOnlyList<int> TestRows, IReadOnlyList<double> TestUplift,
    IReadOnlyList<UpliftPredictor> Ensemble, double Seconds)
{
    /// <summary>The candidate with the highest validation Qini (see <see cref="UpliftFit.RawWinner"/>).</summary>
    public UpliftLearner RawWinner { get; init; } = Learner;
}
