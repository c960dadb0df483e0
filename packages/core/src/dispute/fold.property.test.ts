import * as fc from 'fast-check';
import { historyArb } from '../testing/arbitraries';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { DisputeFolder, foldDisputeEvents } from './fold';
import { initialState, type DisputeState } from './state';

const evolveEach = (events: ReadonlyArray<DisputeEvent>, from: DisputeState = initialState): DisputeState => events.reduce(evolve, from);

describe('foldDisputeEvents (the linear fold)', () => {
  it('gives the state a loop of the immutable evolve gives, frozen, and never changes the state it starts from', () => {
    fc.assert(
      fc.property(historyArb({ maxCommands: 30 }), fc.nat(), (h, cut) => {
        const events = h.events;
        const split = events.length === 0 ? 0 : cut % (events.length + 1);
        expect(foldDisputeEvents(events, initialState)).toEqual(evolveEach(events));

        const middle = evolveEach(events.slice(0, split));
        const before = JSON.stringify(middle);
        const proposalsBefore = middle.status === 'NONE' ? undefined : middle.proposals;
        const rest = events.slice(split);
        const folded = foldDisputeEvents(rest, middle);
        const again = foldDisputeEvents(rest, middle); // a second fold from the same state sees it unchanged
        expect(folded).toEqual(evolveEach(rest, middle));
        expect(again).toEqual(folded);
        expect(JSON.stringify(middle)).toBe(before);
        if (proposalsBefore !== undefined && middle.status !== 'NONE') expect(middle.proposals).toBe(proposalsBefore);

        expect(Object.isFrozen(folded)).toBe(true);
        if (folded.status !== 'NONE') {
          expect(Object.isFrozen(folded.proposals)).toBe(true);
          expect(() => (folded.proposals as unknown[]).push(folded.proposals[0])).toThrow(TypeError);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('hands out its result once: a folder takes no event after result()', () => {
    const folder = new DisputeFolder(initialState);
    folder.result();
    expect(() => folder.add({} as DisputeEvent)).toThrow(/after result/);
  });
});
