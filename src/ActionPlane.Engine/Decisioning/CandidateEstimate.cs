namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// What the models say about one candidate action for one account, the input of arbitration.
/// </summary>
/// <param name="ActionType">The catalog action type, e.g. <c>csm_outreach</c>.</param>
/// <param name="Uplift">Predicted increase in the account's retention probability if the action is applied (from <c>AccountScore.Uplift</c>).</param>
/// <param name="UpliftStdError">Standard error of <paramref name="Uplift"/>; drives the uncertainty penalty.</param>
/// <param name="AccountValue">What keeping the account is worth: MRR × <see cref="ArbitrationSettings.HorizonMonths"/>.</param>
/// <param name="Cost">What applying the action costs (catalog cost plus variable cost such as a discount's revenue).</param>
/// <param name="RankScore">The ranking model's score; orders near-ties within an account (higher first).</param>
/// <param name="Category">Catalog category (onboarding, adoption, retention, pricing, support); diversity keeps one per category.</param>
/// <param name="Channel">Catalog channel (in_app, email, csm_task, billing); diversity keeps one per channel when configured.</param>
public sealed record CandidateEstimate(
    string ActionType,
    double Uplift,
    double UpliftStdError,
    decimal AccountValue,
    decimal Cost,
    double RankScore,
    string Category = "",
    string Channel = "");
