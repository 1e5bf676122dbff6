namespace Inference.Engine.Tokenization;

/// <summary>A tokenizer file is malformed: bad JSON, a missing field, a merge whose tokens are not in the vocabulary.</summary>
public class TokenizerFormatException : Exception
{
    public TokenizerFormatException(string message, string? filePath = null, Exception? inner = null)
        : base(filePath is null ? message : $"{message} (in {filePath})", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file that failed to load, when known.</summary>
    public string? FilePath { get; }
}
