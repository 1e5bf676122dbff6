namespace Inference.Engine.Templates;

/// <summary>A parsed template: its statements and, for runtime errors, where each statement starts in the source.</summary>
internal sealed record ParsedTemplate(IReadOnlyList<Stmt> Body, IReadOnlyDictionary<Stmt, (int Line, int Column)> Locations);
