/**
 * Where the notification reactor keeps its place in the global log: the position of the last event
 * whose notifications were all delivered (or dead-lettered). Give the reactor a read-side store
 * (`readSide`) to have it kept durably with the dead letters; implement this only to keep it
 * elsewhere. The in-memory one is for tests and demos.
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
