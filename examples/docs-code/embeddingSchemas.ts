import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandJsonSchema, commandJsonSchemas, disputeCommandJsonSchema, eventJsonSchema, eventJsonSchemas } from '@disputekit/core';

export const offer = commandJsonSchema('MakeProposal'); // { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:disputekit:schema:command:MakeProposal', ... }
export const anyCommand = disputeCommandJsonSchema();  // any command: oneOf the command schemas
export const opened = eventJsonSchema('DisputeOpened'); // a stored event { type, data }

/** Writes every command's and every event's schema as a file, for an API gateway or a client generator: `MakeProposal.json`, … */
export const writeSchemas = (folder: string): void => {
  for (const [type, schema] of Object.entries({ ...commandJsonSchemas(), ...eventJsonSchemas() })) {
    writeFileSync(join(folder, `${type}.json`), JSON.stringify(schema, null, 2));
  }
};
