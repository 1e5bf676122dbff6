// The request: built from the form's values with only fields the README documents, and written out as curl and as
// C# with the OpenAI .NET SDK. Neither snippet ever contains the API key: both read $INFERENCE_API_KEY.

/**
 * settings: {model, messages, temperature, top_p, max_tokens, n, seed, stop[], tts: null | {strategy, samples, alpha,
 * weight, answer, answerPattern, schedule, earlyStop, verifiers[], referenceAnswer}, extra: {}}
 */
export function buildBody(settings) {
  const body = { model: settings.model, messages: settings.messages };
  if (settings.temperature !== null) body.temperature = settings.temperature;
  if (settings.top_p !== null) body.top_p = settings.top_p;
  if (settings.max_tokens !== null) body.max_tokens = settings.max_tokens;
  if (settings.n !== null && settings.n !== 1) body.n = settings.n;
  if (settings.seed !== null) body.seed = settings.seed;
  if (settings.stop.length) body.stop = settings.stop;
  const tts = settings.tts;
  if (tts) {
    const t = { strategy: tts.strategy, samples: tts.samples };
    if (tts.strategy === 'best_of_majority' && tts.alpha !== null) t.alpha = tts.alpha;
    if (tts.strategy === 'weighted_majority') t.weight = tts.weight;
    t.answer = tts.answer === 'regex' ? { format: 'regex', pattern: tts.answerPattern } : tts.answer;
    if (tts.verifiers.length) t.verifiers = tts.verifiers;
    if (tts.referenceAnswer) t.reference_answer = tts.referenceAnswer;
    if (tts.schedule) t.temperature_schedule = tts.schedule;
    if (tts.earlyStop) t.early_stop = tts.earlyStop;
    t.return_candidates = true;
    body.test_time_scaling = t;
  }
  return { ...body, ...settings.extra };
}

/** The body as this page sends it: streamed, with usage at the end (tokens per second). */
export function streamed(body) {
  return { ...body, stream: true, stream_options: { include_usage: true } };
}

/** The body for the snippets: one JSON reply instead of a stream. */
export function unstreamed(body) {
  const { stream, stream_options, ...rest } = body;
  return rest;
}

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlCommand(body, apiBase, withKey) {
  const lines = [`curl -s ${shellQuote(apiBase + 'v1/chat/completions')}`, `-H 'Content-Type: application/json'`];
  if (withKey) lines.push(`-H "Authorization: Bearer $INFERENCE_API_KEY"`);
  lines.push(`-d ${shellQuote(JSON.stringify(unstreamed(body), null, 2))}`);
  return lines.join(' \\\n  ');
}

/** A C# verbatim string literal (quotes doubled), so any JSON fits. */
function verbatim(text) {
  return `@"${text.replaceAll('"', '""')}"`;
}

export function csharpProgram(body, apiBase) {
  const json = JSON.stringify(unstreamed(body), null, 2);
  return [
    'using System.ClientModel;',
    'using System.Text.Json;',
    'using OpenAI;',
    'using OpenAI.Chat;',
    '',
    '// test_time_scaling is an extension: the SDK sends the body as is through its protocol method.',
    `var client = new ChatClient(${JSON.stringify(body.model)}, new ApiKeyCredential(Environment.GetEnvironmentVariable("INFERENCE_API_KEY") ?? "none"),`,
    `    new OpenAIClientOptions { Endpoint = new Uri(${JSON.stringify(apiBase + 'v1')}) });`,
    `using BinaryContent body = BinaryContent.Create(BinaryData.FromString(${verbatim(json)}));`,
    'ClientResult result = await client.CompleteChatAsync(body);',
    'using JsonDocument reply = JsonDocument.Parse(result.GetRawResponse().Content);',
    'JsonElement root = reply.RootElement;',
    'Console.WriteLine(root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());',
    'if (root.TryGetProperty("test_time_scaling", out JsonElement report))',
    '    foreach (JsonElement answer in report.GetProperty("answers").EnumerateArray())',
    '        Console.WriteLine($"{answer.GetProperty("answer")}: {answer.GetProperty("votes")} votes");',
  ].join('\n');
}
