// Reading the server's answers: OpenAI error bodies, SSE events (data and ": progress ..." comments), and the chunks
// of a chat completion stream put back together into the shape of a non-streamed response.

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.type = error?.type ?? null;
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
  }
}

/** The OpenAI error body of a failed response, as an ApiError (a body that is not one still gives the status). */
export async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page, say): the status alone is reported.
  }
  return new ApiError(response.status, body?.error);
}

/** Yields each SSE event of a fetch response: {comment} for ": ..." lines, {data} for "data: ..." lines. */
export async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parseBlock(block);
      if (event) yield event;
    }
    if (done) break;
  }
  const last = parseBlock(buffer);
  if (last) yield last;
}

function parseBlock(block) {
  const data = [];
  let comment = null;
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) comment = line.slice(1).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length) return { data: data.join('\n') };
  return comment !== null ? { comment } : null;
}

/** ": progress stage=sampling samples=3/8 tokens=412" -> {stage, done, planned, tokens}; null for other comments. */
export function parseProgress(comment) {
  const m = /^progress(?: prompt=\d+)? stage=(\S+) samples=(\d+)\/(\d+)(?: tokens=(\d+))?/.exec(comment);
  if (!m) return null;
  return { stage: m[1], done: Number(m[2]), planned: Number(m[3]), tokens: m[4] === undefined ? null : Number(m[4]) };
}

/** Collects chat.completion.chunk objects into {id, model, choices, usage, test_time_scaling}. */
export class ChatAssembler {
  constructor() {
    this.id = null;
    this.model = null;
    this.choices = new Map();
    this.usage = null;
    this.report = null;
  }

  /** Adds one chunk; returns the indexes of the choices whose text changed. */
  add(chunk) {
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    if (chunk.test_time_scaling) this.report = chunk.test_time_scaling;
    const changed = [];
    for (const c of chunk.choices ?? []) {
      const choice = this.choices.get(c.index) ?? { index: c.index, message: { role: 'assistant', content: '' }, finish_reason: null };
      if (typeof c.delta?.content === 'string' && c.delta.content.length) {
        choice.message.content += c.delta.content;
        changed.push(c.index);
      }
      if (c.finish_reason) choice.finish_reason = c.finish_reason;
      this.choices.set(c.index, choice);
    }
    return changed;
  }

  response() {
    return {
      id: this.id,
      object: 'chat.completion',
      model: this.model,
      choices: [...this.choices.values()].sort((a, b) => a.index - b.index),
      usage: this.usage,
      test_time_scaling: this.report,
    };
  }
}
