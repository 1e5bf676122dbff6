namespace Inference.Verifiers;

/// <summary>The schema itself is not valid; the message names the schema location (e.g. <c>#/properties/age/minimum</c>) and the problem.</summary>
public sealed class InvalidJsonSchemaException(string schemaPath, string problem)
    : InvalidVerifierConfigurationException($"Invalid JSON schema at {schemaPath}: {problem}")
{
    public string SchemaPath { get; } = schemaPath;
}
