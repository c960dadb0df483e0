import { acceptProposal, day, openNotReceived, spec } from '../testing';
import { decide } from './decide';
import { disputeDecider, replay } from './decider';
import { evolve } from './evolve';
import { initialState, isOpened, isTerminal } from './state';

/** The decider triple and replay. */
describe('disputeDecider and replay', () => {
  const story = spec(disputeDecider).givenCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]);

  it('is { decide, evolve, initialState, isTerminal }', () => {
    expect(disputeDecider.decide).toBe(decide);
    expect(disputeDecider.evolve).toBe(evolve);
    expect(disputeDecider.initialState).toBe(initialState);
    expect(disputeDecider.isTerminal).toBe(isTerminal);
  });

  it('replay folds events from the initial state, or from a given state', () => {
    expect(replay([])).toBe(initialState);
    expect(JSON.stringify(replay(story.events))).toBe(JSON.stringify(story.state));
    const [first, ...rest] = story.events;
    expect(JSON.stringify(replay(rest, replay([first!])))).toBe(JSON.stringify(story.state));
  });

  it('isOpened and isTerminal', () => {
    expect(isOpened(initialState)).toBe(false);
    expect(isTerminal(initialState)).toBe(false);
    expect(isOpened(story.state)).toBe(true);
    expect(isTerminal(story.state)).toBe(false);
    expect(initialState).toEqual({ status: 'NONE', version: 0 });
  });
});
