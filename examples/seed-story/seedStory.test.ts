import { runSeedStory } from './seedStory';

describe('example: the seed story', () => {
  it('takes the dispute from opening to a partial refund and prints every event', () => {
    const lines: string[] = [];
    const state = runSeedStory((line) => lines.push(line));
    expect(state.status).toBe('CLOSED');
    expect(state.status === 'CLOSED' && state.outcome).toBe('REFUNDED_PARTIAL');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toContain('DisputeOpened');
    expect(lines.at(-2)).toContain('refund 40.00 USD issued');
    expect(lines.at(-1)).toContain('closed: REFUNDED_PARTIAL');
  });
});
