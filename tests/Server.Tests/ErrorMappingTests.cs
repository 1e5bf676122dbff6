using System.Reflection;
using System.Runtime.CompilerServices;
using Inference.Engine.Decoding;
using Inference.Engine.Generation;
using Inference.Server.Errors;

namespace Inference.Server.Tests;

/// <summary>
/// Exceptions become 4xx when the request caused them and 500 only for server faults. Every exception type declared in
/// the Inference assemblies is classified here: either the mapping answers it with a 4xx, or it is listed below as a
/// fault of the server or its configuration, with the reason. A new exception type that is neither fails the test,
/// so a request error cannot fall through to a 500 unnoticed.
/// </summary>
public sealed class ErrorMappingTests
{
    /// <summary>Types that mean the server, its model files or its configuration are broken, not the request.</summary>
    private static readonly Dictionary<string, string> ServerFaults = new()
    {
        ["Inference.Engine.Runtime.OrtException"] = "ONNX Runtime failed to run a graph the server built the inputs for",
        ["Inference.Engine.Runtime.ExecutionProviderUnavailableException"] = "the configured device cannot be used (start-up)",
        ["Inference.Engine.Runtime.ModelInputException"] = "the engine fed a graph inputs of the wrong shape: an engine bug",
        ["Inference.Engine.Packages.ModelPackageException"] = "a model folder is unusable (load time)",
        ["Inference.Engine.Tokenization.TokenizerFormatException"] = "a tokenizer.json is unusable (load time)",
        ["Inference.Engine.Tokenization.UnsupportedTokenizerComponentException"] = "a tokenizer.json is unusable (load time)",
        ["Inference.Engine.Templates.TemplateSyntaxException"] = "the model's chat template does not parse (load time)",
    };

    public static TheoryData<string> ExceptionTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in DeclaredExceptionTypes()) data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(ExceptionTypes))]
    public void Every_exception_type_is_a_4xx_or_a_listed_server_fault(string typeName)
    {
        var type = DeclaredExceptionTypes().Single(t => t.FullName == typeName);
        var error = ErrorMapping.ToApiError((Exception)RuntimeHelpers.GetUninitializedObject(type), "req-1", 1);
        if (ServerFaults.ContainsKey(typeName))
        {
            Assert.Equal(500, error.Status);
            Assert.Contains("req-1", error.Message);
        }
        else if (type == typeof(SchedulerStoppedException))
        {
            Assert.Equal(503, error.Status); // shutting down: neither the request's fault nor a failure
        }
        else if (type == typeof(Inference.Pipeline.Sources.SamplesUnavailableException))
        {
            Assert.Equal(503, error.Status); // every backend down: the service is unavailable, and the message says why
            Assert.Equal("backends_unavailable", error.Code);
        }
        else
        {
            Assert.True(error.Status is >= 400 and < 500,
                $"{typeName} maps to {error.Status}: a request error must be a 4xx (or list it as a server fault with the reason)");
        }
    }

    [Fact]
    public void The_classification_covers_the_libraries_exception_types()
    {
        var names = DeclaredExceptionTypes().Select(t => t.FullName!).ToHashSet();
        Assert.True(names.Count >= 25, $"only {names.Count} exception types found");
        Assert.All(ServerFaults.Keys, k => Assert.Contains(k, names)); // no stale entries
    }

    [Fact]
    public void Anything_else_is_a_500_that_carries_only_the_request_id()
    {
        var error = ErrorMapping.ToApiError(new InvalidOperationException("secret detail"), "req-42", 1);
        Assert.Equal(500, error.Status);
        Assert.Equal("internal_error", error.Code);
        Assert.Contains("req-42", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void AModelThatCannotScorePromptsIsABadRequestOnLogprobs()
    {
        var error = ErrorMapping.ToApiError(new PromptScoringNotSupportedException(1, 12), "req-1", 1);
        Assert.Equal(400, error.Status);
        Assert.Equal("logprobs", error.Param);
        Assert.Contains("1 of 12 positions", error.Message);
    }

    [Fact]
    public void An_empty_prompt_reaching_the_engine_is_a_400_on_prompt()
    {
        var error = ErrorMapping.ToApiError(new EmptyPromptException(), "req-1", 1);
        Assert.Equal((400, "prompt"), (error.Status, error.Param));
    }

    [Fact]
    public void A_backends_rejection_keeps_its_status_param_and_code_and_names_the_backend()
    {
        var error = ErrorMapping.ToApiError(new Inference.Pipeline.Sources.UpstreamRequestRejectedException(
            "vllm@10.0.0.5:8000", 422, "logit_bias token 999999 is out of vocabulary", "logit_bias", "422"), "req-1", 1);
        Assert.Equal((422, ErrorTypes.InvalidRequest, "logit_bias", "422"), (error.Status, error.Type, error.Param, error.Code));
        Assert.Equal("backend vllm@10.0.0.5:8000: logit_bias token 999999 is out of vocabulary", error.Message);
    }

    private static IEnumerable<Type> DeclaredExceptionTypes() =>
        new[]
        {
            typeof(GenerationScheduler).Assembly,
            typeof(Inference.Selection.SelectionException).Assembly,
            typeof(Inference.Verifiers.IVerifier).Assembly,
            typeof(Inference.Pipeline.TestTimeScalingPipeline).Assembly,
            typeof(ApiException).Assembly,
        }.SelectMany(a => a.GetTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract && t != typeof(ApiException)
                        && t.Namespace?.StartsWith("Inference", StringComparison.Ordinal) == true)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
