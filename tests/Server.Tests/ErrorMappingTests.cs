using Inference.Engine.Decoding;
using Inference.Server.Errors;

namespace Inference.Server.Tests;

/// <summary>Exceptions that only the decode loop can raise still become a 4xx naming the parameter, not a 500.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public void AModelThatCannotScorePromptsIsABadRequestOnLogprobs()
    {
        var error = ErrorMapping.ToApiError(new PromptScoringNotSupportedException(1, 12), "req-1", 1);
        Assert.Equal(400, error.Status);
        Assert.Equal("logprobs", error.Param);
        Assert.Contains("1 of 12 positions", error.Message);
    }
}
