// The playground's wiring: settings form -> request -> streamed progress -> results. It talks to the server's public
// API on its own origin (relative URLs), with the API key from this tab's session storage.
import { $, el, clear, fmt } from './dom.js';
import { temperatures } from './schedule.js';
import { ApiError, errorOf, sseEvents, parseProgress, ChatAssembler } from './stream.js';
import { buildBody, streamed, curlCommand, csharpProgram } from './request.js';
import { renderResults } from './results.js';
import { drawSchedule } from './plot.js';

const KEY_STORAGE = 'inference.apiKey';
const apiBase = new URL('./', document.baseURI).href;
const REWARD_STRATEGIES = new Set(['best_of_n', 'best_of_majority']);

const STRATEGY_HINTS = {
  majority: 'The most frequent answer wins (self-consistency).',
  weighted_majority: 'Votes weighted by reward or by exp(mean log-prob).',
  best_of_n: 'The sample the reward model scores highest.',
  best_of_majority: 'Answers with frequency ≥ alpha, ranked by their best reward.',
  verifier: 'Keeps samples the verifiers accept, then votes among them.',
  self_certainty: 'The sample the model itself was most certain about.',
  none: 'No selection: the first samples are returned.',
};

const state = {
  models: new Map(),
  history: [],
  running: null,
};

// ---- API key: session storage only ----------------------------------------------------------------------------

function apiKey() {
  return $('api-key').value.trim();
}

function headers() {
  const h = { 'Content-Type': 'application/json' };
  const key = apiKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

function initKey() {
  const input = $('api-key');
  input.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
  input.addEventListener('change', () => {
    if (apiKey()) sessionStorage.setItem(KEY_STORAGE, apiKey()); else sessionStorage.removeItem(KEY_STORAGE);
    loadModels();
  });
  $('forget-key').addEventListener('click', () => {
    input.value = '';
    sessionStorage.removeItem(KEY_STORAGE);
    loadModels();
  });
}

// ---- errors ------------------------------------------------------------------------------------------------------

function showError(error) {
  const box = $('error');
  clear(box);
  if (error instanceof ApiError) {
    box.append(el('p', {}, el('strong', { text: `${error.status}${error.code ? ' ' + error.code : ''}` }), ': ', error.message));
    if (error.status === 401) box.append(el('p', { text: 'The server needs an API key: enter it under Connection (top left).' }));
    else if (error.param) box.append(el('p', { text: `Parameter: ${error.param}` }));
  } else {
    box.append(el('p', { text: error?.message ?? String(error) }));
  }
  box.hidden = !box.hasChildNodes();
  document.body.dataset.state = box.hidden ? 'idle' : 'error';
}

function clearError() {
  clear($('error')).hidden = true;
}

// ---- models and verifiers --------------------------------------------------------------------------------------------

let modelPoll = null;

async function loadModels() {
  clearTimeout(modelPoll);
  const select = $('model');
  const previous = select.value;
  try {
    const response = await fetch(apiBase + 'v1/models', { headers: headers() });
    if (!response.ok) throw await errorOf(response);
    const list = (await response.json()).data ?? [];
    state.models = new Map(list.map(m => [m.id, m]));
    clear(select);
    for (const m of list) select.append(el('option', { value: m.id, text: m.ready ? m.id : `${m.id} (loading)` }));
    const preferred = [previous, 'arith-lm'].find(id => state.models.has(id)) ?? list[0]?.id;
    if (preferred) select.value = preferred;
    clearError();
    if (list.some(m => !m.ready)) modelPoll = setTimeout(loadModels, 2000);
  } catch (error) {
    state.models = new Map();
    clear(select);
    showError(error);
  }
  modelChanged();
}

function modelChanged() {
  const card = state.models.get($('model').value);
  // A model served by backends only has no context or vocabulary here: say which backends serve it instead.
  const remote = card?.device === 'backends';
  $('model-info').textContent = !card ? 'No model.'
    : remote
      ? `${card.ready ? 'ready' : 'no backend serving it'} · served by ${(card.backends ?? []).filter(b => b.serves).length} of ${(card.backends ?? []).length} backend endpoints` +
        (card.context_length ? ` · context ${card.context_length} tokens` : '')
      : `${card.ready ? 'ready' : 'loading'} · context ${card.context_length} tokens · vocabulary ${card.vocab_size} · ${card.device}` +
        (card.execution_providers?.length ? ` (${card.execution_providers.join(', ')})` : '');
  renderVerifiers(card?.verifiers ?? []);
  strategyChanged();
}

function hasRewardModel() {
  return (state.models.get($('model').value)?.verifiers ?? []).some(v => v.type === 'reward_model');
}

function renderVerifiers(verifiers) {
  const box = clear($('verifiers'));
  if (!verifiers.length) {
    box.append(el('p', { class: 'hint', text: 'None listed by this server.' }));
    return;
  }
  for (const v of verifiers) {
    const id = `v-${v.type}-${v.name ?? ''}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const label = v.type === 'external' ? `${v.name} (external)` : v.type;
    const options = el('div', { class: 'verifier-options', id: `${id}-options`, hidden: true });
    if (v.type === 'reward_model')
      options.append(el('label', { for: `${id}-threshold`, text: 'accept threshold (optional)' }),
        el('input', { id: `${id}-threshold`, type: 'number', min: 0, max: 1, step: 0.05, 'data-field': 'threshold' }));
    if (v.type === 'reference_answer')
      options.append(el('label', { for: `${id}-reference`, text: 'reference answer' }),
        el('input', { id: `${id}-reference`, type: 'text', 'data-field': 'reference' }));
    if (v.type === 'regex')
      options.append(el('label', { for: `${id}-pattern`, text: 'must match (regular expression)' }),
        el('input', { id: `${id}-pattern`, type: 'text', spellcheck: 'false', value: '#### -?\\d+', 'data-field': 'pattern' }));
    if (v.type === 'json_schema')
      options.append(el('label', { for: `${id}-schema`, text: 'JSON Schema' }),
        el('textarea', { id: `${id}-schema`, rows: 3, spellcheck: 'false', 'data-field': 'schema', text: '{"type": "object"}' }));
    const box2 = el('input', { id, type: 'checkbox', 'data-type': v.type, 'data-name': v.name ?? '', 'aria-controls': `${id}-options` });
    box2.addEventListener('change', () => { options.hidden = !box2.checked; });
    box.append(el('div', { class: 'verifier' }, el('div', { class: 'check' }, box2, el('label', { for: id, text: label })), options));
  }
}

function selectedVerifiers() {
  const list = [];
  let referenceAnswer = null;
  for (const box of $('verifiers').querySelectorAll('input[type=checkbox]:checked')) {
    const options = $(box.getAttribute('aria-controls'));
    const field = (name) => options.querySelector(`[data-field="${name}"]`)?.value.trim() ?? '';
    switch (box.dataset.type) {
      case 'reward_model': {
        const threshold = field('threshold');
        list.push(threshold ? { type: 'reward_model', accept_threshold: Number(threshold) } : 'reward_model');
        break;
      }
      case 'reference_answer':
        list.push('reference_answer');
        referenceAnswer = field('reference') || null;
        break;
      case 'regex':
        list.push({ type: 'regex', must_match: [field('pattern')] });
        break;
      case 'json_schema':
        list.push({ type: 'json_schema', schema: parseJson(field('schema'), 'the JSON Schema') });
        break;
      case 'external':
        list.push({ type: 'external', name: box.dataset.name });
        break;
    }
  }
  return { list, referenceAnswer };
}

function strategyChanged() {
  const strategy = $('strategy');
  const reward = hasRewardModel();
  for (const option of strategy.options)
    option.disabled = !reward && REWARD_STRATEGIES.has(option.value);
  if (strategy.selectedOptions[0]?.disabled) strategy.value = 'majority';
  const weight = $('weight');
  weight.options[0].disabled = !reward;
  if (!reward) weight.value = 'mean_logprob';
  for (const node of document.querySelectorAll('[data-for]')) node.hidden = node.dataset.for !== strategy.value;
  $('strategy-hint').textContent = STRATEGY_HINTS[strategy.value] +
    (reward ? '' : ' Reward-ranked strategies are off: this server has no reward model.');
}

// ---- reading the form -----------------------------------------------------------------------------------------------

function number(id, { integer = false } = {}) {
  const input = $(id);
  const text = input.value.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    input.focus();
    throw new Error(`${input.labels[0]?.textContent ?? id} must be ${integer ? 'a whole number' : 'a number'}.`);
  }
  return value;
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${error.message}`);
  }
}

function schedule() {
  const type = $('schedule').value;
  if (!type) return null;
  const pick = {
    constant: ['temperature'],
    ead: ['max_temperature', 'min_temperature', 'decay', 'scale', 'warmup_tokens'],
    linear: ['start', 'end', 'tokens'],
    cosine: ['start', 'end', 'tokens'],
    exponential: ['start', 'rate', 'min'],
  }[type];
  const result = { type };
  for (const name of pick) {
    const value = number(`s-${name}`, { integer: name === 'tokens' || name === 'warmup_tokens' });
    if (value !== null) result[name] = value;
  }
  return result;
}

function earlyStop() {
  const rule = $('early-rule').value;
  if (!rule) return null;
  const result = { rule };
  if (rule === 'beta') result.threshold = number('early-threshold');
  if (rule === 'esc') result.window = number('early-window', { integer: true });
  const wave = number('early-wave', { integer: true });
  if (wave !== null) result.wave_size = wave;
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== null));
}

function settings(prompt) {
  const messages = [];
  const system = $('system').value.trim();
  if (system) messages.push({ role: 'system', content: system });
  messages.push(...state.history, { role: 'user', content: prompt });
  const extraText = $('extra').value.trim();
  const extra = extraText ? parseJson(extraText, 'Extra fields') : {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error('Extra fields must be a JSON object.');
  let tts = null;
  if ($('tts-on').checked) {
    const verifiers = selectedVerifiers();
    tts = {
      strategy: $('strategy').value,
      samples: number('samples', { integer: true }),
      alpha: number('alpha'),
      weight: $('weight').value,
      answer: $('answer').value,
      answerPattern: $('answer-pattern').value,
      schedule: schedule(),
      earlyStop: earlyStop(),
      verifiers: verifiers.list,
      referenceAnswer: verifiers.referenceAnswer,
    };
  }
  return {
    model: $('model').value,
    messages,
    temperature: number('temperature'),
    top_p: number('top_p'),
    max_tokens: number('max_tokens', { integer: true }),
    n: number('n', { integer: true }),
    seed: number('seed', { integer: true }),
    stop: $('stop').value.split('|').filter(s => s.length > 0),
    tts,
    extra,
  };
}

// ---- schedule plot ----------------------------------------------------------------------------------------------------

function redrawSchedule() {
  for (const node of document.querySelectorAll('[data-schedule]'))
    node.hidden = !node.dataset.schedule.split(' ').includes($('schedule').value);
  let spec;
  let tokens;
  try {
    spec = schedule() ?? { type: 'constant', temperature: number('temperature') ?? 1 };
    tokens = Math.max(1, Math.min(number('max_tokens', { integer: true }) ?? 96, 4096));
  } catch {
    return; // a half-typed number: keep the last plot
  }
  const values = temperatures(spec, tokens);
  drawSchedule($('schedule-plot'), values);
  const last = values.length - 1;
  $('schedule-caption').textContent =
    `Temperature per generated token: ${fmt(values[0])} at token 0, ${fmt(values[Math.floor(last / 2)])} at token ${Math.floor(last / 2)}, ` +
    `${fmt(values[last])} at token ${last}` + ($('schedule').value ? '.' : ' (no schedule: the temperature above throughout).');
}

// ---- running a request -----------------------------------------------------------------------------------------------

function renderTranscript(pending) {
  const list = clear($('transcript'));
  const items = pending ? [...state.history, pending] : state.history;
  for (const m of items)
    list.append(el('li', { class: `msg ${m.role}` }, el('span', { class: 'role', text: m.role === 'user' ? 'You' : 'Model' }),
      el('pre', { class: 'content', text: m.content || (m === pending ? '…' : '') })));
  list.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

function showSnippets(body) {
  $('snippets').hidden = false;
  $('sent-body').textContent = JSON.stringify(streamed(body), null, 2);
  $('curl-code').textContent = curlCommand(body, apiBase, apiKey() !== '');
  $('csharp-code').textContent = csharpProgram(body, apiBase);
}

class ProgressView {
  constructor(planned) {
    this.started = performance.now();
    this.lastAnnounced = null;
    $('progress-section').hidden = false;
    $('progress-bar').max = planned || 1;
    $('progress-bar').value = 0;
    $('progress-title').textContent = planned ? 'Sampling' : 'Generating';
    this.announce(planned ? `Waiting for the first of ${planned} samples…` : 'Generating…');
    $('progress-rate').textContent = '';
  }

  update(p) {
    $('progress-bar').max = p.planned;
    $('progress-bar').value = p.done;
    // Only a change of stage or of samples done is announced, not every token count.
    this.announce(p.stage === 'sampling' ? `${p.done} of ${p.planned} samples done` : `${p.done} of ${p.planned} samples done; ${p.stage}…`);
    if (p.tokens !== null) this.rate(p.tokens);
  }

  rate(tokens) {
    const seconds = (performance.now() - this.started) / 1000;
    $('progress-rate').textContent = `${tokens} tokens sampled in ${fmt(seconds, 1)} s (${seconds > 0 ? fmt(tokens / seconds, 0) : '–'} tokens/s, as this page sees it)`;
  }

  finish(response) {
    const bar = $('progress-bar');
    bar.value = bar.max;
    const report = response.test_time_scaling;
    this.announce(report ? `Done: ${report.samples_used} samples, answer chosen.` : 'Done.');
    if (response.usage) this.rate(response.usage.completion_tokens);
  }

  announce(text) {
    if (text === this.lastAnnounced) return;
    this.lastAnnounced = text;
    $('progress-text').textContent = text;
  }
}

async function run(event) {
  event.preventDefault();
  if (state.running) return;
  clearError();
  const prompt = $('prompt').value.trim();
  if (!prompt) {
    $('prompt').focus();
    return;
  }
  let body;
  try {
    body = buildBody(settings(prompt));
  } catch (error) {
    showError(error);
    return;
  }
  showSnippets(body);
  $('results').hidden = true;
  const pending = { role: 'assistant', content: '' };
  state.history.push({ role: 'user', content: prompt });
  renderTranscript(pending);
  const controller = new AbortController();
  state.running = controller;
  setRunning(true);
  const progress = new ProgressView(body.test_time_scaling?.samples ?? 0);
  const assembler = new ChatAssembler();
  try {
    const response = await fetch(apiBase + 'v1/chat/completions', {
      method: 'POST', headers: headers(), body: JSON.stringify(streamed(body)), signal: controller.signal,
    });
    if (!response.ok) throw await errorOf(response);
    for await (const e of sseEvents(response)) {
      if (e.comment !== undefined) {
        const p = parseProgress(e.comment);
        if (p) progress.update(p);
        continue;
      }
      if (e.data === '[DONE]') break;
      const chunk = JSON.parse(e.data);
      if (chunk.error) throw new ApiError(200, chunk.error);
      if (assembler.add(chunk).includes(0)) {
        pending.content = assembler.choices.get(0).message.content;
        renderTranscript(pending);
      }
    }
    const result = assembler.response();
    pending.content = result.choices[0]?.message.content ?? '';
    state.history.push({ role: 'assistant', content: pending.content });
    renderTranscript();
    progress.finish(result);
    if (result.test_time_scaling) {
      renderResults({
        summary: $('summary'), histogram: $('histogram'), early: $('early-result'), verifiers: $('verifier-result'), table: $('sample-table'),
      }, result);
      $('results').hidden = false;
    }
    document.body.dataset.state = 'done';
  } catch (error) {
    state.history.pop();
    renderTranscript();
    if (error.name === 'AbortError') {
      progress.announce('Cancelled.');
      document.body.dataset.state = 'idle';
    } else {
      $('progress-section').hidden = true;
      showError(error);
    }
  } finally {
    state.running = null;
    setRunning(false);
  }
}

function setRunning(running) {
  $('run').disabled = running;
  $('cancel').disabled = !running;
  if (running) document.body.dataset.state = 'running';
  $('ask').setAttribute('aria-busy', String(running));
}

// ---- wiring -----------------------------------------------------------------------------------------------------------

function init() {
  initKey();
  $('model').addEventListener('change', modelChanged);
  $('refresh-models').addEventListener('click', loadModels);
  $('strategy').addEventListener('change', strategyChanged);
  // Each handler also runs once now: a reloaded page may have kept the form's earlier values.
  const sync = (id, event, handler) => {
    $(id).addEventListener(event, handler);
    handler();
  };
  sync('tts-on', 'change', () => { $('tts-fields').hidden = !$('tts-on').checked; });
  sync('answer', 'change', () => { $('answer-pattern-row').hidden = $('answer').value !== 'regex'; });
  sync('early-rule', 'change', () => {
    for (const node of document.querySelectorAll('[data-early]'))
      node.hidden = !node.dataset.early.split(' ').includes($('early-rule').value);
  });
  $('schedule').addEventListener('change', redrawSchedule);
  for (const id of ['schedule', 'temperature', 'max_tokens'])
    $(id).addEventListener('input', redrawSchedule);
  $('schedule-params').addEventListener('input', redrawSchedule);
  $('ask').addEventListener('submit', run);
  $('prompt').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('ask').requestSubmit();
  });
  $('cancel').addEventListener('click', () => state.running?.abort());
  $('new-chat').addEventListener('click', () => {
    state.history = [];
    renderTranscript();
    $('results').hidden = true;
    $('progress-section').hidden = true;
    clearError();
  });
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  for (const button of document.querySelectorAll('[data-copy]'))
    button.addEventListener('click', () => copy($(button.dataset.copy)));
  redrawSchedule();
  strategyChanged();
  document.body.dataset.state = 'idle';
  loadModels();
}

async function copy(pre) {
  try {
    await navigator.clipboard.writeText(pre.textContent);
    $('copy-status').textContent = 'Copied.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(pre);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    $('copy-status').textContent = 'Selected: press Ctrl+C to copy.';
  }
}

init();
