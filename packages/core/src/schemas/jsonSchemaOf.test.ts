import * as t from 'io-ts/lib/index.js';
import { commandTypes } from '../dispute/commands';
import { eventTypes } from '../dispute/events';
import { commandJsonSchemas, eventJsonSchemas } from './disputeSchemas';
import { jsonSchemaOf } from './jsonSchemaOf';

describe('jsonSchemaOf', () => {
  it('gives every command and event a schema, by type', () => {
    expect(Object.keys(commandJsonSchemas())).toEqual([...commandTypes]);
    expect(Object.keys(eventJsonSchemas())).toEqual([...eventTypes]);
    expect(eventJsonSchemas().DisputeClosed).toMatchObject({ title: 'DisputeClosed', type: 'object', required: ['type', 'data'] });
  });

  it('refuses a codec it has no schema for, naming it, so no codec ships without one', () => {
    const unknown = new t.Type<string, string, unknown>('Mystery', t.string.is, t.string.validate, t.identity);
    expect(() => jsonSchemaOf(unknown)).toThrow('no JSON Schema is known for the codec Mystery');
    const looksLiteral = new t.Type<string, string, unknown>('"unterminated', t.string.is, t.string.validate, t.identity);
    expect(() => jsonSchemaOf(looksLiteral)).toThrow('"unterminated');
  });
});
