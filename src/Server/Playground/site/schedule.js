// Temperature per generated token, exactly as src/Engine/Sampling/Schedules/*.cs compute it (same defaults, same
// order of operations). tests/Playground.Tests compares these values with the C# schedules over a grid of parameters.

export const EAD_DEFAULTS = Object.freeze({ max_temperature: 1.2, min_temperature: 0.1, decay: 25, scale: 20, warmup_tokens: 10 });

/** schedule: the request's temperature_schedule object ({type, ...}); t: generated-token index, 0 for the first. */
export function temperatureAt(schedule, t) {
  switch (schedule.type) {
    case 'constant':
      return schedule.temperature ?? 1.0;
    case 'ead': {
      const p = { ...EAD_DEFAULTS, ...defined(schedule) };
      if (t < p.warmup_tokens) return 1.0;
      return Math.max(1 + p.max_temperature - Math.exp(t / (p.scale * p.decay)), p.min_temperature);
    }
    case 'linear':
      return schedule.tokens <= 0 ? schedule.end : schedule.start + ((schedule.end - schedule.start) * Math.min(t / schedule.tokens, 1.0));
    case 'cosine': {
      if (schedule.tokens <= 0) return schedule.end;
      const progress = Math.min(t / schedule.tokens, 1.0);
      return schedule.end + ((schedule.start - schedule.end) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
    case 'exponential':
      return Math.max(schedule.start * Math.pow(schedule.rate, t), schedule.min ?? 0);
    default:
      throw new Error(`unknown schedule type ${schedule.type}`);
  }
}

/** Temperatures for tokens 0..count-1. */
export function temperatures(schedule, count) {
  return Array.from({ length: count }, (_, t) => temperatureAt(schedule, t));
}

function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null));
}
