// What the page shows after a test-time-scaling run: the chosen answer, the votes per answer, the early-stopping
// decision, the verifiers' tallies and a sortable table of every sample. Every string from the server goes in as text.
import { el, clear, fmt } from './dom.js';

const MAX_BARS = 12;

/** response: a chat completion (assembled from the stream) with test_time_scaling and its candidates. */
export function renderResults(root, response) {
  const report = response.test_time_scaling;
  root.summary.replaceChildren(...summary(response, report));
  root.histogram.replaceChildren(histogram(report));
  root.early.textContent = earlyStop(report);
  clear(root.verifiers);
  if (!report.verifiers?.length) root.verifiers.append(el('li', { text: 'None requested.' }));
  for (const v of report.verifiers ?? [])
    root.verifiers.append(el('li', {}, el('span', { class: 'name', text: v.name }),
      `: ${v.accepted} accepted, ${v.rejected} rejected, ${v.scored} scored, ${v.unverified} unverified (${fmt(v.elapsed_ms, 0)} ms)`));
  new SamplesTable(root.table, report).render();
}

function summary(response, report) {
  const parts = [];
  const chosen = report.chosen ?? [];
  const votesOf = new Map((report.answers ?? []).map(a => [a.answer, a]));
  for (const c of chosen) {
    const choice = response.choices.find(x => x.index === c.choice_index);
    const tally = c.answer === null ? null : votesOf.get(c.answer);
    parts.push(el('div', { class: 'chosen', 'data-choice': c.choice_index },
      el('p', { class: 'label', text: chosen.length > 1 ? `Answer ${c.choice_index + 1}` : 'Chosen answer' }),
      el('p', { class: 'answer', 'data-testid': 'chosen-answer', text: c.answer ?? '(no answer extracted)' }),
      el('p', { class: 'hint' }, `from sample #${c.candidate}`,
        tally ? `, ${tally.votes} of ${report.samples_used} votes` : '',
        tally && tally.score !== null && tally.score !== undefined ? `, score ${fmt(tally.score, 3)}` : ''),
      choice ? el('pre', { class: 'sample-text', text: choice.message.content }) : null));
  }
  const facts = [
    ['strategy', report.strategy],
    ['ranked by', report.ranked_by],
    ['samples', `${report.samples_used} used of ${report.samples_requested}, in ${report.waves} wave${report.waves === 1 ? '' : 's'}`],
  ];
  if (report.threshold !== null && report.threshold !== undefined) facts.push(['threshold', String(report.threshold)]);
  if (report.tie_break) facts.push(['ties', report.tie_break]);
  if (report.fallback) facts.push(['fallback', report.fallback]);
  const t = report.timings;
  if (t) {
    const rate = response.usage && t.sampling_ms > 0 ? ` at ${fmt(response.usage.completion_tokens / (t.sampling_ms / 1000), 0)} tokens/s` : '';
    facts.push(['server time', `${fmt(t.total_ms, 0)} ms: sampling ${fmt(t.sampling_ms, 0)} ms${rate}, verifying ${fmt(t.verification_ms, 0)} ms, selecting ${fmt(t.selection_ms, 0)} ms`]);
  }
  if (response.usage) facts.push(['tokens', `${response.usage.completion_tokens} sampled, prompt ${response.usage.prompt_tokens}`]);
  parts.push(el('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));
  return parts;
}

function histogram(report) {
  const answers = [...(report.answers ?? [])].sort((a, b) => b.votes - a.votes);
  const rows = answers.slice(0, MAX_BARS).map(a => ({ label: a.answer, votes: a.votes, chosen: a.chosen, kept: a.kept, score: a.score }));
  if (report.unanswered > 0) rows.push({ label: null, votes: report.unanswered, chosen: false, kept: true, score: null });
  const most = Math.max(1, ...rows.map(r => r.votes));
  const list = el('ol', { class: 'bars', 'aria-labelledby': 'votes-title', 'data-testid': 'histogram' });
  for (const r of rows) {
    const bar = el('span', { class: 'bar' + (r.chosen ? ' chosen' : '') + (r.kept ? '' : ' dropped') });
    bar.style.width = `${(100 * r.votes) / most}%`;
    const describe = `${r.votes} vote${r.votes === 1 ? '' : 's'}` + (r.chosen ? ', chosen' : '') + (r.kept ? '' : ', below alpha');
    list.append(el('li', { class: r.chosen ? 'chosen' : '', dataset: { votes: String(r.votes), chosen: String(r.chosen) } },
      el('span', { class: 'bar-label' + (r.label === null ? ' none' : ''), 'data-role': 'answer', text: r.label ?? '(no answer)' }),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
      el('span', { class: 'bar-count', 'data-role': 'votes', text: String(r.votes) }),
      el('span', { class: 'visually-hidden', text: describe }),
      r.chosen ? el('span', { class: 'mark', 'aria-hidden': 'true', text: '✓ chosen' }) : null));
  }
  const more = answers.length - MAX_BARS;
  return more > 0 ? el('div', {}, list, el('p', { class: 'hint', text: `${more} more answers with fewer votes (in the table).` })) : list;
}

function earlyStop(report) {
  const e = report.early_stop;
  if (!e) return `Off: all ${report.samples_requested} samples were drawn.`;
  const saved = report.samples_requested - e.samples_used;
  const head = e.stopped
    ? `Stopped after ${e.samples_used} of ${report.samples_requested} samples (${e.rule} rule): ${saved} sample${saved === 1 ? '' : 's'} saved.`
    : `Did not stop early (${e.rule} rule): all ${e.samples_used} samples drawn.`;
  return e.detail ? `${head} ${e.detail}` : head;
}

const COLUMNS = [
  { key: 'index', title: '#', value: c => c.index, numeric: true },
  { key: 'answer', title: 'answer', value: c => c.answer ?? '' },
  { key: 'reward', title: 'reward', value: c => c.reward, numeric: true, show: c => fmt(c.reward, 3) },
  { key: 'verdicts', title: 'verifier verdicts', value: c => verdictText(c) },
  { key: 'tokens', title: 'tokens', value: c => c.tokens, numeric: true },
  { key: 'mean_logprob', title: 'mean log-prob', value: c => c.mean_logprob, numeric: true, show: c => fmt(c.mean_logprob, 3) },
  { key: 'finish_reason', title: 'finish', value: c => c.finish_reason },
];

function verdictText(candidate) {
  return Object.entries(candidate.verdicts ?? {})
    .map(([name, v]) => `${name}: ${v.status}${v.score !== null && v.score !== undefined ? ' ' + fmt(v.score, 3) : ''}`).join('; ');
}

class SamplesTable {
  constructor(table, report) {
    this.table = table;
    this.candidates = report.candidates ?? [];
    this.chosen = new Set((report.chosen ?? []).map(c => c.candidate));
    this.sort = { key: 'index', ascending: true };
    this.open = new Set();
  }

  render() {
    const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'full text' })),
      COLUMNS.map(col => {
        const sorted = this.sort.key === col.key;
        return el('th', { scope: 'col', 'aria-sort': sorted ? (this.sort.ascending ? 'ascending' : 'descending') : 'none', class: col.numeric ? 'num' : '' },
          el('button', { type: 'button', class: 'sort', 'data-sort': col.key, onclick: () => this.sortBy(col.key) },
            col.title, el('span', { 'aria-hidden': 'true', text: sorted ? (this.sort.ascending ? ' ▲' : ' ▼') : '' })));
      }));
    const body = el('tbody');
    if (!this.candidates.length)
      body.append(el('tr', {}, el('td', { colspan: COLUMNS.length + 1, text: 'The response carried no candidates (return_candidates was off).' })));
    for (const c of this.ordered()) {
      const detailId = `sample-text-${c.index}`;
      const expanded = this.open.has(c.index);
      body.append(el('tr', { class: this.chosen.has(c.index) ? 'chosen' : '', 'data-candidate': c.index },
        el('td', {}, el('button', {
          type: 'button', class: 'expand', 'aria-expanded': String(expanded), 'aria-controls': detailId,
          'aria-label': `${expanded ? 'Hide' : 'Show'} the text of sample ${c.index}`, onclick: () => this.toggle(c.index),
        }, expanded ? 'Hide' : 'Show')),
        COLUMNS.map(col => el('td', { class: col.numeric ? 'num' : '', 'data-col': col.key },
          col.show ? col.show(c) : String(col.value(c) ?? '–'),
          col.key === 'index' && this.chosen.has(c.index) ? el('span', { class: 'tag', text: 'chosen' }) : null))));
      const detail = el('tr', { id: detailId, class: 'detail' }, el('td', { colspan: COLUMNS.length + 1 },
        el('pre', { class: 'sample-text', text: c.text })));
      detail.hidden = !expanded;
      body.append(detail);
    }
    this.table.replaceChildren(el('thead', {}, head), body);
  }

  ordered() {
    const col = COLUMNS.find(c => c.key === this.sort.key);
    const sign = this.sort.ascending ? 1 : -1;
    return [...this.candidates].sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      if (x === y) return a.index - b.index;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return sign * (col.numeric ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true }));
    });
  }

  sortBy(key) {
    this.sort = this.sort.key === key ? { key, ascending: !this.sort.ascending } : { key, ascending: true };
    this.render();
    this.table.querySelector(`button[data-sort="${key}"]`)?.focus();
  }

  toggle(index) {
    if (this.open.has(index)) this.open.delete(index); else this.open.add(index);
    this.render();
    this.table.querySelector(`tr[data-candidate="${index}"] button.expand`)?.focus();
  }
}
