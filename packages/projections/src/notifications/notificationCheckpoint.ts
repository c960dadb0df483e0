/**
 * Where the notification reactor keeps its place in the global log: the position of the last event
 * whose notifications were all delivered (or dead-lettered). Implement it with one row in your
 * database; the in-memory one is for tests and demos.
 */
export interface NotificationCheckpoint {
  read(): Promise<number | undefined>;
  write(position: number): Promise<void>;
}

/** A checkpoint in memory. */
export const createMemoryNotificationCheckpoint = (start?: number): NotificationCheckpoint => {
  let position = start;
  return {
    read: async () => position,
    write: async (next) => {
      position = next;
    },
  };
};
