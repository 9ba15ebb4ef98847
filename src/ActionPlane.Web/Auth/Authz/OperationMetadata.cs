namespace ActionPlane.Web.Auth.Authz;

/// <summary>Endpoint metadata naming the operation an endpoint performs (read by tests and the OpenAPI note).</summary>
public sealed record OperationMetadata(string Operation);
