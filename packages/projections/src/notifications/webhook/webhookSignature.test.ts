import * as E from 'fp-ts/lib/Either.js';
import { signWebhook, verifyWebhookSignature } from './webhookSignature';

const body = JSON.stringify({ notificationId: 'n-1', kind: 'opened' });
const now = Date.parse('2026-03-10T09:00:00Z');
const t = Math.floor(now / 1000);
const reason = (r: ReturnType<typeof verifyWebhookSignature>) => (E.isLeft(r) ? r.left.reason : 'ok');

describe('webhook signatures', () => {
  it('a body signed with the secret verifies, and gives its timestamp back', () => {
    expect(verifyWebhookSignature({ body, header: signWebhook('s3cret', t, body), secret: 's3cret', now })).toEqual(E.right(t));
    expect(reason(verifyWebhookSignature({ body: Buffer.from(body), header: [signWebhook('s3cret', t, body)], secret: ['old', 's3cret'], now }))).toBe('ok');
  });

  it('refuses a changed body, another secret, a replay outside the tolerance, and broken headers', () => {
    const header = signWebhook('s3cret', t, body);
    expect(reason(verifyWebhookSignature({ body: body.replace('opened', 'closed'), header, secret: 's3cret', now }))).toBe('SignatureMismatch');
    expect(reason(verifyWebhookSignature({ body, header, secret: 'other', now }))).toBe('SignatureMismatch');
    expect(reason(verifyWebhookSignature({ body, header, secret: 's3cret', now: now + 301_000 }))).toBe('OutsideTolerance');
    expect(reason(verifyWebhookSignature({ body, header, secret: 's3cret', now: now + 10_000, toleranceSeconds: 5 }))).toBe('OutsideTolerance');
    expect(reason(verifyWebhookSignature({ body, header: undefined, secret: 's3cret', now }))).toBe('MissingHeader');
    expect(reason(verifyWebhookSignature({ body, header: 'v1=abc', secret: 's3cret', now }))).toBe('MalformedHeader');
    expect(reason(verifyWebhookSignature({ body, header: `t=${t},v1=${'0'.repeat(63)}`, secret: 's3cret', now }))).toBe('MalformedHeader');
    // the timestamp is signed too: moving it breaks the signature
    expect(reason(verifyWebhookSignature({ body, header: header.replace(`t=${t}`, `t=${t + 1}`), secret: 's3cret', now }))).toBe('SignatureMismatch');
  });
});
