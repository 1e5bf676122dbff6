using Inference.Protocol;
using System.Text.Json;
using Inference.Pipeline.Requests;
using Inference.Pipeline.Sources;
using Inference.Pipeline.Tools;
using Inference.Server.Models;
using Inference.Server.ScaleOut;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Generation;

/// <summary>POST /v1/chat/completions: template, tokenize, resolve, then generate (or sample and select) and answer
/// as one JSON response or an SSE stream. A model served by backends only is neither templated nor tokenized here:
/// its plain requests are forwarded and its samples drawn on the backends.</summary>
public sealed class ChatCompletionHandler(ModelCatalog catalog, RequestPreparation preparation, GenerationRunner runner, StreamingRunner streaming,
    PlainRequestProxy proxy)
{
    public async Task<Results<Ok<ChatCompletionResponse>, SseResult, ProxiedResult>> HandleAsync(ChatCompletionRequest request, HttpContext http)
    {
        var (model, alias) = catalog.Resolve(request.Model);
        var caps = preparation.Caps;
        var tools = ChatTools.Resolve(request);
        var messages = ChatMessageMapping.ToChatMessages(request.Messages, caps.MaxMessages);
        var prompt = model.Package is { } package
            ? ChatMessageMapping.Render(package, messages, request.AddGenerationPrompt ?? true, tools?.Definitions)
            : null;
        IReadOnlyList<int> tokens = prompt?.Tokens ?? [];
        var resolved = preparation.Resolver.ResolveChat(request, tokens.Count, model.Context, alias,
            model.Defaults?.ToModelSelectionDefaults(), tools);
        BackendOnlyRequests.CheckChat(model, resolved);
        var prepared = new PreparedGeneration(model, request.Model!, tokens, prompt?.UserText ?? ChatMessageMapping.LastUserText(messages), prompt?.Rendered,
            resolved)
        {
            // Backends get the client's request (their own model name, n and seed per chunk); only pools need it.
            Upstream = resolved.Selection is not null && model.DrawsOnBackends
                ? new UpstreamRequest(JsonSerializer.SerializeToNode(request, ProtocolJsonContext.WireOptions)!.AsObject())
                : null,
        };

        // A gateway forwards plain requests to a backend once they passed the checks above.
        if (resolved.Selection is null && proxy.Proxies(model))
            return proxy.Forward(model, JsonSerializer.SerializeToNode(request, ProtocolJsonContext.WireOptions)!.AsObject());

        var id = RequestPreparation.NewId("chatcmpl-");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var topLogprobs = resolved.TopLogprobs;
        var lp = resolved.Sampling.Logprobs ? new LogprobsBuilder(model.LocalPackage("score tokens").Tokenizer) : null;
        if (request.IsStreaming)
            return new SseResult((sse, aborted) =>
            {
                var format = new ChatChunkFormatter(sse, id, created, request.Model!, request.IncludeUsage, topLogprobs, lp, tools);
                return resolved.Selection is null
                    ? streaming.StreamPlainAsync([prepared], format, sse, request.IncludeUsage, aborted)
                    : streaming.StreamScaledAsync([prepared], format, sse, request.IncludeUsage, aborted);
            });

        using var deadline = new RequestDeadline(http.RequestAborted, caps.RequestTimeout);
        if (resolved.Selection is null)
        {
            var result = await runner.GenerateAsync(prepared, deadline);
            return TypedResults.Ok(new ChatCompletionResponse
            {
                Id = id,
                Created = created,
                Model = request.Model!,
                Choices = result.Samples.Select(s => Choice(s.Index, s, lp, topLogprobs, tools)).ToList(),
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
            Choices = chosen.Select((c, i) => Choice(i, c.Sample, lp, topLogprobs, tools)).ToList(),
            Usage = new Usage(prepared.PromptTokensOf(scaled), scaled.Cost.CompletionTokens, prepared.PromptTokensOf(scaled) + scaled.Cost.CompletionTokens),
            TestTimeScaling = ReportBuilder.Build(scaled, resolved, 0),
        });
    }

    private static ChatChoice Choice(int index, Engine.Generation.SampleResult sample, LogprobsBuilder? lp, int topLogprobs, ChatTools? tools)
    {
        var message = ToolCallParser.Parse(sample.Text, tools);
        return new ChatChoice
        {
            Index = index,
            Message = new ChatResponseMessage("assistant", message.Content) { ToolCalls = ToolCallWire.ToWire(message.Calls) },
            Logprobs = lp?.ForChat(sample, topLogprobs),
            FinishReason = message.Calls.Count > 0 ? "tool_calls" : FinishReasons.ToWire(sample.FinishReason),
        };
    }
}
