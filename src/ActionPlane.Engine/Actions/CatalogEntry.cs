namespace ActionPlane.Engine.Actions;

/// <summary>One loaded action type: its definition, its compiled payload validator and the schema as shipped.</summary>
internal sealed record CatalogEntry(ActionDefinition Definition, PayloadValidator Validator, string SchemaText);
