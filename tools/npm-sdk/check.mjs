// The official `openai` npm SDK, unmodified, against a running server: plain chat, n + seed, streaming, a strict
// json_schema response_format, tools (named, required, streamed deltas), the test_time_scaling extension and a 400.
// Usage: node check.mjs http://127.0.0.1:PORT [model]
// Prints one JSON summary on stdout and exits 0 only when every check passed (1 when one failed, 2 on bad usage).
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const [baseUrl, model = 'tiny'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node check.mjs http://127.0.0.1:PORT [model]');
  process.exit(2);
}

// No retries: a failure must show as a failure, not as a slow success.
const client = new OpenAI({ apiKey: 'not-checked', baseURL: new URL('v1', baseUrl.endsWith('/') ? baseUrl : baseUrl + '/').href, maxRetries: 0, timeout: 60_000 });
const sdkVersion = JSON.parse(readFileSync(new URL('node_modules/openai/package.json', import.meta.url))).version;

const answerSchema = {
  type: 'object',
  properties: { answer: { type: 'integer' }, check: { enum: ['ok', 'unsure'] } },
  required: ['answer', 'check'],
  additionalProperties: false,
};
const tools = [
  {
    type: 'function',
    function: {
      name: 'add', description: 'Adds two integers.', strict: true,
      parameters: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'weather', description: 'Current weather.',
      parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } }, required: ['city', 'unit'], additionalProperties: false },
    },
  },
];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function validAnswer(document) {
  const keys = Object.keys(document ?? {}).sort();
  return keys.length === 2 && keys[0] === 'answer' && keys[1] === 'check'
    && Number.isInteger(document.answer) && ['ok', 'unsure'].includes(document.check);
}

// The arguments of a call to one of `tools`, checked against that function's schema (the subset these two use).
function assertValidCall(name, argumentsText) {
  const declared = tools.find(t => t.function.name === name);
  assert(declared, `the call names '${name}', which is not a declared tool`);
  const args = JSON.parse(argumentsText);
  const { properties, required } = declared.function.parameters;
  assert(Object.keys(args).sort().join() === [...required].sort().join(), `${name} arguments ${argumentsText} do not have exactly the keys ${required}`);
  for (const [key, value] of Object.entries(args)) {
    const schema = properties[key];
    if (schema.type === 'integer') assert(Number.isInteger(value), `${name}.${key} is not an integer: ${argumentsText}`);
    if (schema.type === 'string') assert(typeof value === 'string', `${name}.${key} is not a string: ${argumentsText}`);
    if (schema.enum) assert(schema.enum.includes(value), `${name}.${key} is not one of ${schema.enum}: ${argumentsText}`);
  }
  return args;
}

const checks = {
  async plain_chat() {
    const completion = await client.chat.completions.create({
      model, messages: [{ role: 'system', content: 'You add numbers.' }, { role: 'user', content: '2+3=' }], max_tokens: 5, temperature: 0.7,
    });
    assert(completion.id.startsWith('chatcmpl-'), `id ${completion.id}`);
    assert(completion.object === 'chat.completion', `object ${completion.object}`);
    const [choice] = completion.choices;
    assert(completion.choices.length === 1 && choice.message.role === 'assistant', 'one assistant choice');
    assert(typeof choice.message.content === 'string', 'text content');
    assert(['stop', 'length'].includes(choice.finish_reason), `finish_reason ${choice.finish_reason}`);
    const { prompt_tokens, completion_tokens, total_tokens } = completion.usage;
    assert(completion_tokens >= 1 && completion_tokens <= 5 && total_tokens === prompt_tokens + completion_tokens, `usage ${JSON.stringify(completion.usage)}`);
    return { content: choice.message.content, finish_reason: choice.finish_reason, usage: completion.usage };
  },

  async n_and_seed() {
    // The server's contract: choice i of a seeded n-request is the sample of seed + i.
    const texts = async (n, seed) => (await client.chat.completions.create({
      model, messages: [{ role: 'user', content: '1+1=' }], n, seed, temperature: 1.5, max_tokens: 16, ignore_eos: true,
    })).choices;
    const together = await texts(3, 11);
    assert(together.map(c => c.index).join() === '0,1,2', `indices ${together.map(c => c.index)}`);
    const contents = together.map(c => c.message.content);
    const alone = [(await texts(1, 11))[0], (await texts(1, 12))[0], (await texts(1, 13))[0]].map(c => c.message.content);
    assert(JSON.stringify(contents) === JSON.stringify(alone), `n=3 seed 11 ${JSON.stringify(contents)} vs seeds 11,12,13 ${JSON.stringify(alone)}`);
    assert(new Set(contents).size > 1, `three identical samples ${JSON.stringify(contents)}`);
    return { choices: contents };
  },

  async streaming_chat() {
    const stream = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: '7+1=' }], max_tokens: 6, temperature: 1, stream: true, stream_options: { include_usage: true },
    });
    let text = '', finish = null, usage = null, id = null, chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      id ??= chunk.id;
      assert(chunk.id === id, 'one id across chunks');
      assert(chunk.object === 'chat.completion.chunk', `object ${chunk.object}`);
      for (const choice of chunk.choices) {
        text += choice.delta?.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    assert(['stop', 'length'].includes(finish), `finish_reason ${finish}`);
    assert(usage && usage.completion_tokens >= 1 && usage.completion_tokens <= 6, `usage ${JSON.stringify(usage)}`);
    return { chunks, text, finish_reason: finish, usage };
  },

  async json_schema_strict() {
    const documents = [];
    for (let seed = 0; seed < 4; seed++) {
      // parse() is the SDK's structured-output entry: for a json_schema response_format it fills message.parsed.
      const completion = await client.chat.completions.parse({
        model, messages: [{ role: 'user', content: '17+25=' }], max_tokens: 40, temperature: 1.2, seed,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: answerSchema } },
      });
      const [choice] = completion.choices;
      const document = JSON.parse(choice.message.content);
      assert(validAnswer(document), `seed ${seed}: ${choice.message.content} does not match the schema`);
      assert(JSON.stringify(choice.message.parsed) === JSON.stringify(document), 'message.parsed is the content');
      assert(choice.finish_reason === 'stop', `finish_reason ${choice.finish_reason}`);
      documents.push(document);
    }
    return { documents };
  },

  async json_schema_streamed_with_the_stream_helper() {
    const runner = client.chat.completions.stream({
      model, messages: [{ role: 'user', content: '8+9=' }], max_tokens: 40, seed: 3, temperature: 1,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: answerSchema } },
    });
    let deltas = '';
    runner.on('content.delta', ({ delta }) => { deltas += delta; });
    const completion = await runner.finalChatCompletion();
    const { message, finish_reason } = completion.choices[0];
    assert(deltas === message.content, `deltas ${JSON.stringify(deltas)} vs content ${JSON.stringify(message.content)}`);
    assert(validAnswer(message.parsed), `${message.content} does not match the schema`);
    assert(finish_reason === 'stop', `finish_reason ${finish_reason}`);
    return { content: message.content };
  },

  async tool_named() {
    const completion = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: 'Add 12 and 30.' }], tools, tool_choice: { type: 'function', function: { name: 'add' } }, max_tokens: 40,
    });
    const { message, finish_reason } = completion.choices[0];
    assert(finish_reason === 'tool_calls', `finish_reason ${finish_reason}`);
    assert(message.tool_calls?.length === 1, `tool_calls ${JSON.stringify(message.tool_calls)}`);
    const [call] = message.tool_calls;
    assert(call.type === 'function' && call.id.startsWith('call_'), `call ${JSON.stringify(call)}`);
    assert(call.function.name === 'add', `named add, called ${call.function.name}`);
    assert(!message.content, `content beside the call: ${JSON.stringify(message.content)}`);
    return { name: call.function.name, arguments: assertValidCall(call.function.name, call.function.arguments) };
  },

  async tool_required() {
    const calls = [];
    for (let seed = 0; seed < 4; seed++) {
      const completion = await client.chat.completions.create({
        model, messages: [{ role: 'user', content: 'What now?' }], tools, tool_choice: 'required', max_tokens: 60, temperature: 1.5, seed,
      });
      const { message, finish_reason } = completion.choices[0];
      assert(finish_reason === 'tool_calls', `seed ${seed}: finish_reason ${finish_reason}`);
      assert(message.tool_calls?.length >= 1, `seed ${seed}: no tool_calls`);
      for (const call of message.tool_calls) calls.push({ name: call.function.name, arguments: assertValidCall(call.function.name, call.function.arguments) });
    }
    return { calls };
  },

  async tool_streamed_deltas() {
    const request = {
      model, messages: [{ role: 'user', content: 'Weather?' }], tools, tool_choice: { type: 'function', function: { name: 'weather' } }, max_tokens: 64, seed: 7,
    };
    // Accumulated as the SDK's docs do: per index, the id and name arrive once and the arguments in pieces.
    const stream = await client.chat.completions.create({ ...request, stream: true });
    const accumulated = [];
    let finish = null, text = '';
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.delta?.content ?? '';
        finish = choice.finish_reason ?? finish;
        for (const part of choice.delta?.tool_calls ?? []) {
          const call = (accumulated[part.index] ??= { id: '', name: '', arguments: '' });
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) call.arguments += part.function.arguments;
        }
      }
    }
    assert(finish === 'tool_calls', `finish_reason ${finish}`);
    assert(text === '', `content beside the call: ${JSON.stringify(text)}`);
    assert(accumulated.length === 1 && accumulated[0].name === 'weather' && accumulated[0].id.startsWith('call_'), `calls ${JSON.stringify(accumulated)}`);
    const args = assertValidCall('weather', accumulated[0].arguments);

    // The SDK's own stream helper assembles the same call from the same seeded request.
    const final = await client.chat.completions.stream(request).finalChatCompletion();
    const helperCall = final.choices[0].message.tool_calls?.[0];
    assert(final.choices[0].finish_reason === 'tool_calls', `helper finish_reason ${final.choices[0].finish_reason}`);
    assert(helperCall?.function.name === 'weather', `helper call ${JSON.stringify(helperCall)}`);
    assert(helperCall.function.arguments === accumulated[0].arguments, `helper ${helperCall.function.arguments} vs deltas ${accumulated[0].arguments}`);
    return { id: accumulated[0].id, name: accumulated[0].name, arguments: args };
  },

  async test_time_scaling_extension() {
    // Extra body fields go through as they are (the SDK documents undocumented params this way); extra response
    // fields come back on the parsed object.
    const completion = await client.chat.completions.create({
      model, messages: [{ role: 'user', content: '1+1=' }], max_tokens: 8, seed: 5,
      test_time_scaling: { strategy: 'majority', samples: 3, return_candidates: true },
    });
    const report = completion.test_time_scaling;
    assert(report, 'no test_time_scaling report in the response');
    assert(report.strategy === 'majority' && report.samples_used === 3, `report ${JSON.stringify(report)}`);
    assert(report.candidates?.length === 3, `candidates ${JSON.stringify(report.candidates)}`);
    const chosen = report.answers.filter(a => a.chosen);
    assert(chosen.length === 1, `chosen answers ${JSON.stringify(report.answers)}`);
    assert(report.answers.reduce((sum, a) => sum + a.votes, 0) + report.unanswered === 3, `votes ${JSON.stringify(report.answers)}`);
    return { strategy: report.strategy, samples_used: report.samples_used, chosen: chosen[0].answer, content: completion.choices[0].message.content };
  },

  async error_is_an_api_error() {
    const expectations = [
      [{ model, messages: [{ role: 'user', content: '1+1=' }], temperature: -1 }, 'temperature'],
      [{ model, messages: [{ role: 'user', content: '1+1=' }], tools, tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice.function.name'],
      [{ model, messages: [{ role: 'user', content: '1+1=' }], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: 'object', patternProperties: { a: {} } } } } }, 'response_format.json_schema.schema'],
    ];
    const errors = [];
    for (const [request, param] of expectations) {
      let caught = null;
      try { await client.chat.completions.create(request); } catch (error) { caught = error; }
      assert(caught instanceof OpenAI.BadRequestError && caught instanceof OpenAI.APIError, `expected BadRequestError for ${param}, got ${caught}`);
      assert(caught.status === 400 && caught.param === param && caught.type === 'invalid_request_error' && typeof caught.code === 'string',
        `status ${caught.status} param ${caught.param} type ${caught.type} code ${caught.code}`);
      errors.push({ status: caught.status, param: caught.param, code: caught.code, message: caught.error?.message });
    }
    return { errors };
  },
};

const results = [];
for (const [name, check] of Object.entries(checks)) {
  const started = performance.now();
  try {
    const detail = await check();
    results.push({ name, ok: true, ms: Math.round(performance.now() - started), detail });
  } catch (error) {
    results.push({ name, ok: false, ms: Math.round(performance.now() - started), error: String(error?.stack ?? error) });
  }
}
const failed = results.filter(r => !r.ok).length;
console.log(JSON.stringify({ sdk: { package: 'openai', version: sdkVersion }, node: process.version, base_url: baseUrl, passed: results.length - failed, failed, checks: results }, null, 2));
process.exit(failed === 0 ? 0 : 1);
