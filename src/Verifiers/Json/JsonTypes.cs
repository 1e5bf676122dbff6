namespace Inference.Verifiers;

/// <summary>JSON Schema primitive types, as flags so "type": ["string", "null"] is one value.</summary>
[Flags]
public enum JsonTypes
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}
