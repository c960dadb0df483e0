import { createServer } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, type Notification } from '@disputekit/projections';

/** Your receiving side: checks each webhook's signature over the raw body, then deduplicates on the notification's id. */
export const createWebhookReceiver = (secret: string, onNotification: (notification: Notification) => void) => {
  const seen = new Set<string>(); // in production, a unique key in your database
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhookSignature({ body, header: request.headers[WEBHOOK_SIGNATURE_HEADER], secret });
      if (E.isLeft(verified)) return void response.writeHead(400).end(verified.left.message);
      const notification = JSON.parse(body) as Notification;
      if (!seen.has(notification.notificationId)) {
        seen.add(notification.notificationId);
        onNotification(notification); // delivery is at least once: a retry carries the same id
      }
      response.writeHead(204).end();
    });
  });
};
