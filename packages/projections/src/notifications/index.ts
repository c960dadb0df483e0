export * from './notification';
export * from './notificationsFromEvent';
export * from './notificationSink';
export * from './notificationCheckpoint';
export * from './reminders';
export * from './notificationReactor';
export * from './webhook/webhookSignature';
export * from './webhook/webhookSink';
