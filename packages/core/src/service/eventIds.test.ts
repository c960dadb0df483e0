import { validate as isUuid, version as uuidVersion } from 'uuid';
import { deterministicId, DISPUTEKIT_ID_NAMESPACE, eventIdFor } from './eventIds';

describe('eventIdFor', () => {
  it('is a uuid v5, the same for the same command and index', () => {
    const id = eventIdFor('cmd-1', 0);
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(5);
    expect(eventIdFor('cmd-1', 0)).toBe(id);
  });

  it('differs between indices and commands', () => {
    const ids = ['a', 'b', 'a/1'].flatMap((c) => [0, 1, 2].map((i) => eventIdFor(c, i)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is pinned: stored ids must be derivable again by every future version', () => {
    expect(DISPUTEKIT_ID_NAMESPACE).toBe('39f53a4e-d22a-46ff-814a-bd858eb70afd');
    expect(eventIdFor('cmd-1', 0)).toBe(deterministicId('cmd-1/0'));
    expect(eventIdFor('cmd-1', 0)).toBe('dc15ad7c-0344-58df-9ead-5b239fc46c43');
  });
});
