using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Server.Models;
using Inference.Pipeline.Requests;
using Inference.Protocol;
using Inference.Server.ScaleOut;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Generation;

/// <summary>POST /v1/completions: one or more prompts, n choices each; best_of draws more and returns the n best
/// (by mean token log-probability, or by the selection strategy when test-time scaling is on). With echo and logprobs
/// the prompt is scored too: its tokens come first in each choice's logprobs (the first with null values).</summary>
public sealed class CompletionHandler(ModelCatalog catalog, RequestPreparation preparation, GenerationRunner runner, StreamingRunner streaming,
    PlainRequestProxy proxy)
{
    public async Task<Results<Ok<CompletionResponse>, SseResult, ProxiedResult>> HandleAsync(CompletionRequest request, HttpContext http)
    {
        var (model, alias) = catalog.Resolve(request.Model);
        var caps = preparation.Caps;
        if (model.Package is not { } package)
        {
            // Served by backends only: nothing to tokenize here; the checks that need no tokenizer, then forwarded.
            var remote = preparation.Resolver.ResolveCompletion(request, [0], model.Context, alias, model.Defaults?.ToModelSelectionDefaults());
            BackendOnlyRequests.CheckCompletion(model, remote, alias);
            return proxy.Forward(model, JsonSerializer.SerializeToNode(request, ProtocolJsonContext.WireOptions)!.AsObject());
        }
        var prompts = PromptMapping.ToPrompts(request.Prompt, package.Tokenizer, package.Descriptor.VocabSize, caps.MaxPrompts);
        var resolved = preparation.Resolver.ResolveCompletion(request, prompts.Select(p => p.Tokens.Count).ToList(), model.Context, alias,
            model.Defaults?.ToModelSelectionDefaults());
        var prepared = prompts.Select((p, i) => new PreparedGeneration(model, request.Model!, p.Tokens, p.Text, p.Text, resolved)
        {
            Admission = i == 0 ? QueueAdmission.New : QueueAdmission.FollowUp,
        }).ToList();
        var n = resolved.N;
        var samples = resolved.Samples;
        var topLogprobs = resolved.TopLogprobs;
        var scorePrompt = resolved.PromptLogprobs is not null;
        var echo = request.Echo ?? false;
        var plan = resolved.Selection;

        // A gateway forwards plain requests to a backend once they passed the checks above.
        if (plan is null && proxy.Proxies(model))
            return proxy.Forward(model, JsonSerializer.SerializeToNode(request, ProtocolJsonContext.WireOptions)!.AsObject());

        var id = RequestPreparation.NewId("cmpl-");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var lp = request.Logprobs is not null ? new LogprobsBuilder(package.Tokenizer) : null;
        var echoed = echo ? prompts.Select(p => p.Text).ToList() : null;
        if (request.IsStreaming)
            return new SseResult((sse, aborted) =>
            {
                var format = new CompletionChunkFormatter(sse, id, created, request.Model!, request.IncludeUsage, echoed, topLogprobs, lp, scorePrompt);
                return plan is null
                    ? streaming.StreamPlainAsync(prepared, format, sse, request.IncludeUsage, aborted)
                    : streaming.StreamScaledAsync(prepared, format, sse, request.IncludeUsage, aborted);
            });

        using var deadline = new RequestDeadline(http.RequestAborted, caps.RequestTimeout);
        var choices = new List<CompletionChoice>();
        var promptTokens = prompts.Sum(p => p.Tokens.Count);
        var completionTokens = 0;
        if (plan is null)
        {
            var results = await Task.WhenAll(GenerationRunner.StartInOrder(prepared, (p, _) => runner.GenerateAsync(p, deadline)));
            for (var p = 0; p < results.Length; p++)
            {
                var returned = BestOfRanking.Returned(results[p].Samples, n);
                var scored = results[p].PromptLogprobs is { } promptLogprobs ? lp!.ForPrompt(promptLogprobs, echoed![p], topLogprobs) : null;
                choices.AddRange(returned.Select((s, i) => Choice(p * n + i, s, echoed?[p], lp, topLogprobs, scored)));
                completionTokens += results[p].CompletionTokens;
            }
            return TypedResults.Ok(Response(id, created, request.Model!, choices, promptTokens, completionTokens, null));
        }
        var scaled = plan.Options.Budget is { } budget
            ? await runner.RunBudgetedAsync(prepared, budget, deadline)
            : await Task.WhenAll(GenerationRunner.StartInOrder(prepared, (p, _) => runner.RunScaledAsync(p, null, deadline)));
        var reports = new List<TestTimeScalingReport>();
        for (var p = 0; p < scaled.Count; p++)
        {
            choices.AddRange(GenerationRunner.Chosen(scaled[p]).Select((c, i) => Choice(p * n + i, c.Sample, echoed?[p], lp, topLogprobs)));
            completionTokens += scaled[p].Cost.CompletionTokens;
            reports.Add(ReportBuilder.Build(scaled[p], resolved, p * n));
        }
        return TypedResults.Ok(Response(id, created, request.Model!, choices, promptTokens, completionTokens, reports));
    }

    private static CompletionResponse Response(string id, long created, string model, List<CompletionChoice> choices, int prompt, int completion,
        IReadOnlyList<TestTimeScalingReport>? reports) => new()
    {
        Id = id,
        Created = created,
        Model = model,
        Choices = choices,
        Usage = new Usage(prompt, completion, prompt + completion),
        TestTimeScaling = reports,
    };

    private static CompletionChoice Choice(int index, SampleResult sample, string? echo, LogprobsBuilder? lp, int topLogprobs,
        CompletionLogprobs? scoredPrompt = null)
    {
        var generated = lp?.ForCompletion(sample, topLogprobs, echo?.Length ?? 0);
        return new()
        {
            Index = index,
            Text = (echo ?? "") + sample.Text,
            Logprobs = scoredPrompt is null ? generated : LogprobsBuilder.Concat(scoredPrompt, generated),
            FinishReason = FinishReasons.ToWire(sample.FinishReason),
        };
    }
}
