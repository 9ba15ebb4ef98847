namespace ActionPlane.Policies.Rego.Ast;

/// <summary>
/// The direct sub-terms of a composite term (not the bodies of comprehensions), so that analyses
/// which walk terms share one definition of "what is inside".
/// </summary>
internal static class TermChildren
{
    public static IEnumerable<Term> Of(Term term) => term switch
    {
        RefTerm r => [r.Head, .. r.Path],
        ArrayTerm a => a.Items,
        SetTerm s => s.Items,
        ObjectTerm o => o.Items.SelectMany(kv => (Term[])[kv.Key, kv.Value]),
        CallTerm c => c.Args,
        TemplateTerm t => t.Parts,
        _ => [],
    };
}
