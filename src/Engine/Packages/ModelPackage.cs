using System.Text.Json;
using Inference.Engine.Decoding;
using Inference.Engine.Templates;
using Inference.Engine.Tokenization;
using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inference.Engine.Packages;

/// <summary>
/// A model folder opened for generation: the ONNX decoder session with its discovered interface, the tokenizer,
/// the chat template and the token ids that end a sequence. Exports of Hugging Face Optimum, the onnxruntime-genai
/// model builder and older GPT-2 conversions are recognised from their own graphs.
/// </summary>
public sealed class ModelPackage : IDisposable
{
    private readonly OrtMemoryInfo? cacheDevice;

    private ModelPackage(ModelDescriptor descriptor, InferenceSession session, Tokenizer tokenizer, ChatTemplate? template,
        SearchDefaults defaults)
    {
        Descriptor = descriptor;
        Session = session;
        Tokenizer = tokenizer;
        ChatTemplate = template;
        Defaults = defaults;
        var device = descriptor.Placement.Device;
        cacheDevice = device.IsCuda ? new OrtMemoryInfo("Cuda", OrtAllocatorType.DeviceAllocator, device.DeviceId, OrtMemType.Default) : null;
        Decoder = new DecoderModel(session, descriptor.Interface, cacheDevice);
    }

    public ModelDescriptor Descriptor { get; }

    public InferenceSession Session { get; }

    public DecoderModel Decoder { get; }

    public Tokenizer Tokenizer { get; }

    public ChatTemplate? ChatTemplate { get; }

    /// <summary>Generation defaults the package declares (temperature, top_p, ...).</summary>
    public SearchDefaults Defaults { get; }

    private static IReadOnlySet<string> ScanOperators(string decoderFile)
    {
        try
        {
            return OnnxOperatorScanner.Scan(decoderFile);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new ModelPackageException($"{decoderFile}: its graph cannot be read to find the attention operator ({ex.Message}).", ex);
        }
    }

    public static ModelPackage Load(string directory, ModelPackageOptions? options = null, ILogger? logger = null)
    {
        options ??= new ModelPackageOptions();
        logger ??= NullLogger.Instance;
        if (!Directory.Exists(directory)) throw new ModelPackageException($"The model folder '{directory}' does not exist.");
        directory = Path.GetFullPath(directory);
        var warnings = new List<string>();

        var genAi = GenAiConfig.Read(Path.Combine(directory, "genai_config.json"));
        var hf = HuggingFaceConfig.Read(directory);
        var decoderFile = FindDecoder(directory, genAi, options);

        Tokenizer tokenizer;
        try
        {
            tokenizer = Tokenizer.FromDirectory(directory);
        }
        catch (Exception ex) when (ex is not ModelPackageException)
        {
            throw new ModelPackageException($"The tokenizer of '{directory}' cannot be loaded: {ex.Message}", ex);
        }

        var (session, placement) = SessionFactory.Create(decoderFile, options.Providers,
            options.ConfigureSession(genAi?.SessionConfigEntries ?? new Dictionary<string, string>()));
        try
        {
            if (placement.FallbackReason is { } fallback)
                warnings.Add($"Running on CPU instead of {placement.Requested}: {fallback}");
            var decoder = DecoderInterfaceDiscovery.Discover(session.InputMetadata, session.OutputMetadata, genAi, hf, decoderFile,
                ScanOperators(decoderFile), warnings);
            var eos = ResolveEos(genAi, hf, tokenizer, warnings);
            var bos = genAi?.BosTokenId ?? hf?.BosTokenId ?? tokenizer.SpecialTokens.Bos?.Id;
            var pad = genAi?.PadTokenId ?? hf?.PadTokenId ?? tokenizer.SpecialTokens.Pad?.Id ?? eos.FirstOrDefault();
            if (tokenizer.VocabSize > decoder.VocabSize)
                warnings.Add($"The tokenizer knows {tokenizer.VocabSize} tokens but the model's logits are {decoder.VocabSize} wide: " +
                             "text that encodes to larger ids is rejected.");
            foreach (var id in eos.Where(id => id >= decoder.VocabSize))
                warnings.Add($"EOS id {id} is outside the model's vocabulary of {decoder.VocabSize}; the model can never emit it.");
            var context = genAi?.ContextLength ?? hf?.MaxPositionEmbeddings ?? (int?)tokenizer.Config.ModelMaxLength
                          ?? throw new ModelPackageException($"'{directory}': no config gives the context length (genai_config context_length or config.json max_position_embeddings).");

            var template = ChatTemplateSource.Load(directory, tokenizer.Config);

            var descriptor = new ModelDescriptor(
                options.Id ?? Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)),
                directory, genAi?.ModelType ?? hf?.ModelType, Path.GetFileName(decoderFile), context, decoder.VocabSize,
                tokenizer.VocabSize, eos, bos, pad, template is not null, placement, warnings, decoder);
            foreach (var warning in warnings) logger.LogWarning("Model {Model}: {Warning}", descriptor.Id, warning);
            logger.LogInformation("Loaded model {Model} from {Directory}: {Interface}; context {Context}; providers {Providers}",
                descriptor.Id, directory, decoder, context, string.Join(", ", placement.Providers));
            return new ModelPackage(descriptor, session, tokenizer, template, MergeDefaults(genAi?.Search, hf?.Generation));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Renders a conversation with the model's chat template.</summary>
    /// <param name="tools">The tool definitions ({"type": "function", "function": {...}}) the template receives as <c>tools</c>.</param>
    public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true, IReadOnlyList<JsonElement>? tools = null)
    {
        if (ChatTemplate is null)
            throw new ModelPackageException($"Model '{Descriptor.Id}' has no chat template (tokenizer_config.json chat_template or chat_template.jinja).");
        return ChatTemplate.Render(new ChatTemplateContext
        {
            Messages = ChatMessageValues.From(messages),
            Tools = tools?.Select(TemplateValueConverter.FromJson).ToArray(),
            AddGenerationPrompt = addGenerationPrompt,
            BosToken = Tokenizer.SpecialTokens.Bos?.Content,
            EosToken = Tokenizer.SpecialTokens.Eos?.Content,
        });
    }

    /// <summary>Throws <see cref="TokenIdOutOfRangeException"/> for an id the model cannot take.</summary>
    public void ValidateTokenIds(ReadOnlySpan<int> ids)
    {
        foreach (var id in ids)
            if ((uint)id >= (uint)Descriptor.VocabSize) throw new TokenIdOutOfRangeException(id, Descriptor.VocabSize);
    }

    private static string FindDecoder(string directory, GenAiConfig? genAi, ModelPackageOptions options)
    {
        var candidates = new[] { options.DecoderFileName, genAi?.DecoderFileName, "model.onnx", "decoder_model_merged.onnx", "decoder_with_past_model.onnx" }
            .Where(n => !string.IsNullOrEmpty(n)).Select(n => Path.Combine(directory, n!)).ToArray();
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new ModelPackageException($"No decoder model found in '{directory}' (looked for {string.Join(", ", candidates.Select(Path.GetFileName))}).");
    }

    private static IReadOnlyList<int> ResolveEos(GenAiConfig? genAi, HuggingFaceConfig? hf, Tokenizer tokenizer, List<string> warnings)
    {
        var fromConfig = genAi?.EosTokenIds is { Count: > 0 } g ? g : hf?.EosTokenIds ?? [];
        var fromTokenizer = tokenizer.SpecialTokens.Eos?.Id;
        if (fromConfig.Count == 0)
            return fromTokenizer is { } t ? [t] : throw new ModelPackageException("No EOS token id is given by genai_config.json, generation_config.json or the tokenizer.");
        if (fromTokenizer is { } id && !fromConfig.Contains(id))
            warnings.Add($"The config's EOS id(s) {string.Join(", ", fromConfig)} do not include the tokenizer's eos token " +
                         $"'{tokenizer.SpecialTokens.Eos!.Content}' ({id}); using the config's.");
        return fromConfig;
    }

    private static SearchDefaults MergeDefaults(SearchDefaults? primary, SearchDefaults? secondary) => new()
    {
        DoSample = primary?.DoSample ?? secondary?.DoSample,
        MaxLength = primary?.MaxLength ?? secondary?.MaxLength,
        Temperature = primary?.Temperature ?? secondary?.Temperature,
        TopK = primary?.TopK ?? secondary?.TopK,
        TopP = primary?.TopP ?? secondary?.TopP,
        RepetitionPenalty = primary?.RepetitionPenalty ?? secondary?.RepetitionPenalty,
    };

    public void Dispose()
    {
        Session.Dispose();
        cacheDevice?.Dispose();
    }
}
