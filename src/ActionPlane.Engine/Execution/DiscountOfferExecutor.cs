using System.Text.Json.Nodes;
using Marten;

namespace ActionPlane.Engine.Execution;

/// <summary>Grants a discount on upcoming invoices; undo withdraws it only while nothing has been invoiced with it.</summary>
public sealed class DiscountOfferExecutor : SingleTargetExecutor<DiscountOffer>
{
    public override IReadOnlyCollection<string> ActionTypes { get; } = ["offer_discount"];

    protected override DiscountOffer Build(ActionExecution a) => new(
        $"discount-{a.ProposalId:N}", a.ProposalId, a.AccountId, a.Payload.Int("percent"), a.Payload.Int("months"),
        a.Payload.Str("reason"), TargetStatus.Active, a.Now);

    protected override string IdOf(DiscountOffer doc) => doc.Id;
    protected override string Describe(DiscountOffer doc) => $"give account {doc.AccountId} {doc.Percent}% off for {doc.Months} months";

    protected override async Task<JsonObject> BeforeAsync(ActionExecution a, IQuerySession session, CancellationToken cancellationToken)
    {
        var active = await session.Query<DiscountOffer>().Where(d => d.AccountId == a.AccountId && d.Status == TargetStatus.Active).ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["account_id"] = a.AccountId,
            ["active_discounts"] = new JsonArray([.. active.Select(d => (JsonNode)new JsonObject { ["percent"] = d.Percent, ["months"] = d.Months })]),
        };
    }

    protected override UndoCheck CheckUndo(DiscountOffer doc) => doc switch
    {
        { InvoicedAt: { } at } => UndoCheck.No($"The discount was already invoiced on {at:yyyy-MM-dd}; withdraw it with a billing correction instead of an undo."),
        { Status: TargetStatus.Active } => UndoCheck.Yes,
        _ => UndoCheck.No("The discount was already withdrawn."),
    };

    protected override DiscountOffer Undone(DiscountOffer doc, DateTimeOffset now) => doc with { Status = TargetStatus.Undone };
}
