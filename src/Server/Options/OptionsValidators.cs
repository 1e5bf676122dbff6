using Inference.Selection;
using Microsoft.Extensions.Options;

namespace Inference.Server.Options;

/// <summary>The CUDA provider options (Models:Cuda), which data annotations on the nested object would not reach.</summary>
public sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        var problems = options.Cuda.Validate($"{ModelsOptions.Section}:Cuda").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Checks of the test-time-scaling section that data annotations cannot express.</summary>
public sealed class TestTimeScalingServerOptionsValidator : IValidateOptions<TestTimeScalingServerOptions>
{
    public ValidateOptionsResult Validate(string? name, TestTimeScalingServerOptions options)
    {
        var problems = new List<string>();
        foreach (var (model, defaults) in options.Defaults)
        {
            if (defaults.Strategy is { } s && !SelectionStrategyRegistry.Default.TryGet(s, out _))
                problems.Add($"TestTimeScaling:Defaults:{model}:Strategy '{s}' is not a known strategy ({SelectionStrategyRegistry.Default.Known}).");
            if (defaults.Samples is < 1) problems.Add($"TestTimeScaling:Defaults:{model}:Samples must be >= 1.");
            if (defaults.Alpha is < 0 or > 1) problems.Add($"TestTimeScaling:Defaults:{model}:Alpha must be in [0, 1].");
            if (defaults.Answer is { } answer)
            {
                try
                {
                    AnswerExtractors.Create(AnswerExtractionSpec.FromName(answer, defaults.AnswerPattern));
                }
                catch (SelectionException ex)
                {
                    problems.Add($"TestTimeScaling:Defaults:{model}:Answer: {ex.Message}");
                }
            }
        }
        foreach (var (alias, entry) in options.Aliases)
        {
            if (string.IsNullOrWhiteSpace(entry.Model)) problems.Add($"TestTimeScaling:Aliases:{alias}:Model is required.");
            if (!SelectionStrategyRegistry.Default.TryGet(entry.Strategy, out _))
                problems.Add($"TestTimeScaling:Aliases:{alias}:Strategy '{entry.Strategy}' is not a known strategy ({SelectionStrategyRegistry.Default.Known}).");
            if (entry.Samples < 1) problems.Add($"TestTimeScaling:Aliases:{alias}:Samples must be >= 1.");
        }
        if (options.ProgressIntervalMilliseconds is < 10 or > 60_000)
            problems.Add("TestTimeScaling:ProgressIntervalMilliseconds must be between 10 and 60000.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Every configured external verifier must have valid resilience options and an http(s) endpoint.</summary>
public sealed class ExternalVerifiersOptionsValidator : IValidateOptions<ExternalVerifiersOptions>
{
    public ValidateOptionsResult Validate(string? name, ExternalVerifiersOptions options)
    {
        var problems = new List<string>();
        foreach (var (key, verifier) in options.Http)
            problems.AddRange(verifier.Validate().Select(p => $"Verifiers:Http:{key}: {p}"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>API keys must not be blank (a blank key would be matched by an empty Bearer header).</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.ApiKeys.Any(string.IsNullOrWhiteSpace)
            ? ValidateOptionsResult.Fail("Auth:ApiKeys must not contain empty keys.")
            : ValidateOptionsResult.Success;
}
