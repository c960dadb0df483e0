import { parseInstantMillis } from '../codecs/instant';

/**
 * The codec rules JSON Schema cannot express, each with a test that recognises an input it touches.
 * Everywhere else the shipped schemas accept exactly what the codecs accept (the Ajv test holds both
 * directions); here the schema is looser, and the codec (`parseCommand`, the service) has the last word.
 */
export const schemaKnownDifferences = [
  {
    id: 'text-length-in-code-units',
    rule: 'Text limits count UTF-16 code units in the codecs; JSON Schema counts code points, so text with characters outside the Basic Multilingual Plane (emoji) may pass maxLength while the codec refuses it.',
    touches: (s: string): boolean => s.length !== [...s].length && s.length > 200,
  },
  {
    id: 'february-29',
    rule: 'Instants and dates: the schema allows 29 February in every year; the codecs only in leap years.',
    touches: (s: string): boolean => {
      const m = /^(\d{4})-02-29/.exec(s);
      if (m === null) return false;
      const y = Number(m[1]);
      return !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
    },
  },
  {
    id: 'offset-across-year-limit',
    rule: 'Instants with an offset: the schema checks the year as written; the codecs check it after converting to UTC (a command instant no later than 9899, an instant from 1970), so an offset that moves the instant across such a year differs.',
    touches: (s: string): boolean => {
      if (!/^\d{4}-\d{2}-\d{2}T.*[+-]\d{2}:\d{2}$/.test(s)) return false;
      const millis = parseInstantMillis(s);
      return millis !== undefined && new Date(millis).toISOString().slice(0, 4) !== s.slice(0, 4);
    },
  },
] as const;

/** The ids of the known differences a JSON value touches (any string in it). */
export const knownDifferencesIn = (value: unknown): ReadonlyArray<string> => {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const d of schemaKnownDifferences) if (d.touches(v)) found.add(d.id);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
};
