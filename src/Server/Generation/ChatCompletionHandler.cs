using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.Protocol;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Generation;

/// <summary>POST /v1/chat/completions: template, tokenize, validate, then generate (or sample and select) and answer
/// as one JSON response or an SSE stream.</summary>
public sealed class ChatCompletionHandler(ModelCatalog catalog, RequestPreparation preparation, GenerationRunner runner, StreamingRunner streaming)
{
    public async Task<Results<Ok<ChatCompletionResponse>, SseResult>> HandleAsync(ChatCompletionRequest request, HttpContext http)
    {
        var (model, alias) = catalog.Resolve(request.Model);
        var caps = preparation.Caps;
        RequestPreparation.RejectUnsupported(request);
        var n = request.ValidatedN(caps);
        var logprobs = request.Logprobs ?? false;
        var topLogprobs = request.TopLogprobs ?? 0;
        if (topLogprobs < 0 || topLogprobs > caps.MaxTopLogprobs)
            throw ApiException.BadRequest("top_logprobs", $"top_logprobs must be between 0 and {caps.MaxTopLogprobs}; got {topLogprobs}.");
        if (request.TopLogprobs is not null && !logprobs)
            throw ApiException.BadRequest("top_logprobs", "top_logprobs needs logprobs set to true.");
        if (request.MaxTokens is { } a && request.MaxCompletionTokens is { } b && a != b)
            throw ApiException.BadRequest("max_completion_tokens", "max_tokens and max_completion_tokens disagree; give one.");

        var package = model.Package!;
        var messages = ChatMessageMapping.ToChatMessages(request.Messages, caps.MaxMessages);
        if (!package.Descriptor.HasChatTemplate)
            throw ApiException.BadRequest("messages", $"The model '{model.Id}' has no chat template; use /v1/completions with a prompt.");
        var rendered = package.ApplyChatTemplate(messages, request.AddGenerationPrompt ?? true);
        var tokens = package.Tokenizer.Encode(rendered, addSpecialTokens: false);
        if (tokens.Length == 0)
            throw ApiException.BadRequest("messages", "The messages have no tokens once the chat template is applied: the model's tokenizer keeps none of their characters.");
        var maxTokens = request.MaxCompletionTokens is not null
            ? SamplingFieldsMapping.ValidatedMaxTokens(request.MaxCompletionTokens, "max_completion_tokens", 0, caps)
            : SamplingFieldsMapping.ValidatedMaxTokens(request.MaxTokens, "max_tokens", preparation.DefaultMaxTokens(model, tokens.Length), caps);
        RequestPreparation.CheckContext(model, tokens.Length, maxTokens, "messages");

        var plan = preparation.Parser(model).Parse(request.TestTimeScaling, alias, model.Defaults, n, request.N is not null, bestOf: null);
        if (plan is not null) preparation.CheckPlan(model, plan);
        var sampling = request.ToSamplingParams(maxTokens, logprobs, logprobs ? topLogprobs : 0, caps, plan?.Schedule);
        sampling.Validate(package.Descriptor.VocabSize);
        var prepared = new PreparedGeneration(model, request.Model!, tokens, ChatMessageMapping.LastUserText(messages), rendered, sampling, n,
            plan?.Options.Samples ?? n, plan);

        var id = RequestPreparation.NewId("chatcmpl-");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var lp = logprobs ? new LogprobsBuilder(package.Tokenizer) : null;
        if (request.IsStreaming)
            return new SseResult((sse, aborted) =>
            {
                var format = new ChatChunkFormatter(sse, id, created, request.Model!, request.IncludeUsage, topLogprobs, lp);
                return plan is null
                    ? streaming.StreamPlainAsync([prepared], format, sse, request.IncludeUsage, aborted)
                    : streaming.StreamScaledAsync([prepared], format, sse, request.IncludeUsage, aborted);
            });

        using var deadline = new RequestDeadline(http.RequestAborted, caps.RequestTimeout);
        if (plan is null)
        {
            var result = await runner.GenerateAsync(prepared, deadline);
            return TypedResults.Ok(new ChatCompletionResponse
            {
                Id = id,
                Created = created,
                Model = request.Model!,
                Choices = result.Samples.Select(s => Choice(s.Index, s, lp, topLogprobs)).ToList(),
                Usage = new Usage(result.PromptTokens, result.CompletionTokens, result.PromptTokens + result.CompletionTokens),
            });
        }
        var scaled = await runner.RunScaledAsync(prepared, null, deadline);
        var chosen = GenerationRunner.Chosen(scaled);
        return TypedResults.Ok(new ChatCompletionResponse
        {
            Id = id,
            Created = created,
            Model = request.Model!,
            Choices = chosen.Select((c, i) => Choice(i, c.Sample, lp, topLogprobs)).ToList(),
            Usage = new Usage(tokens.Length, scaled.Cost.CompletionTokens, tokens.Length + scaled.Cost.CompletionTokens),
            TestTimeScaling = ReportBuilder.Build(scaled, plan, 0),
        });
    }

    private static ChatChoice Choice(int index, Engine.Generation.SampleResult sample, LogprobsBuilder? lp, int topLogprobs) => new()
    {
        Index = index,
        Message = new ChatResponseMessage("assistant", sample.Text),
        Logprobs = lp?.ForChat(sample, topLogprobs),
        FinishReason = FinishReasons.ToWire(sample.FinishReason),
    };
}
