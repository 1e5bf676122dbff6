using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Inference.Server.Models;
using Inference.Server.Tests;

namespace Inference.Playground.Tests;

/// <summary>
/// The real server the page is tested against: the bundled arith-lm (id "arith-lm") with the bundled reward model,
/// an API key, a configured external verifier (listed, never called), and "xss": the tiny random-weight Llama fixture
/// whose tokenizer maps one token to an HTML string, so that real model output contains markup (see
/// <see cref="MarkupToken"/>), and "remote-arith": arith-lm served by a replica process only (Models:Remote), as a
/// gateway serves it.
/// </summary>
public sealed class PlaygroundServer : ServerFixture, IAsyncLifetime
{
    public const string ApiKey = "playground-test-key";
    public const string LanguageModel = "arith-lm";
    public const string MarkupModel = "xss";
    public const string RemoteModel = "remote-arith";

    /// <summary>
    /// The string token 95 ('~') of the tiny fixture decodes to in the "xss" copy. With logit_bias {"95": 100} the
    /// engine samples it at every step, so the detokenized model output is this markup repeated: the honest way to get
    /// a real model to write HTML (the random-weight model writes noise otherwise, and the bundled one only arithmetic).
    /// </summary>
    public const string MarkupToken = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold?</b>";

    public const int MarkupTokenId = 95;

    private readonly string markupModel = MakeMarkupModel();

    private Inference.Testing.ServerProcess? replica;

    public HttpClient Authorized { get; private set; } = null!;

    /// <summary>The replica that draws the samples of <see cref="RemoteModel"/>.</summary>
    public Uri ReplicaAddress => replica!.BaseAddress;

    protected override async Task BeforeStartAsync() => replica = await Inference.Testing.ServerProcess.StartAsync("--reward-model", "none");

    protected override async Task AfterStopAsync()
    {
        if (replica is not null) await replica.DisposeAsync();
    }

    protected override IEnumerable<string> Arguments() =>
    [
        // Replaces the base fixture's model 0 ("tiny") so that the page shows the bundled model under its usual id.
        $"--Models:Folders:0={LanguageModel}={TestModels.LanguageModel}",
        "--model", $"{MarkupModel}={markupModel}",
        "--reward-model", $"{LanguageModel}={BundledModels.Find(BundledModels.RewardModel) ?? throw new DirectoryNotFoundException(BundledModels.RewardModel)}",
        "--api-key", ApiKey,
        "--Limits:MaxTokens=128",
        "--Verifiers:Http:checker:Endpoint=http://127.0.0.1:9/verify",
        "--TestTimeScaling:ProgressIntervalMilliseconds=50",
        $"--Models:Remote:0={RemoteModel}",
        $"--Backends:replica:Endpoints:0={replica!.BaseAddress}",
        $"--Backends:replica:Serves={RemoteModel}",
        "--Backends:replica:Model=arith-lm",
        "--Backends:replica:Kind=inference",
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Authorized = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Authorized.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Authorized?.Dispose();
        await DisposeAsync();
        Directory.Delete(markupModel, recursive: true);
    }

    private static string MakeMarkupModel()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32");
        var target = Directory.CreateTempSubdirectory("playground-xss-model-").FullName;
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var tokenizerPath = Path.Combine(target, "tokenizer.json");
        var tokenizer = JsonNode.Parse(File.ReadAllText(tokenizerPath))!;
        var vocab = tokenizer["model"]!["vocab"]!.AsObject();
        Assert.Equal(MarkupTokenId, vocab["~"]!.GetValue<int>());
        vocab.Remove("~");
        vocab[MarkupToken] = MarkupTokenId;
        File.WriteAllText(tokenizerPath, tokenizer.ToJsonString());
        return target;
    }
}
