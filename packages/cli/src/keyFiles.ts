import { readFile, writeFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { CheckpointError, ed25519PrivateKey, ed25519PublicKey, formatCheckpoint, parseCheckpoint, StrictJsonError, type Checkpoint } from '@disputekit/core';
import { CliError } from './cliError';

const readText = async (path: string, what: string, hint: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`, hint);
  }
};

const keyHint = 'Make a key pair with `openssl genpkey -algorithm ed25519 -out key.pem` and `openssl pkey -in key.pem -pubout -out pub.pem`.';

/** Reads an Ed25519 private key in PEM; a `CliError` naming the file otherwise. */
export const readPrivateKey = async (path: string): Promise<KeyObject> => {
  const pem = await readText(path, 'private key', keyHint);
  try {
    return ed25519PrivateKey(pem);
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof CheckpointError ? error.message : String(error)}`, keyHint);
  }
};

/** Reads an Ed25519 public key in PEM; a `CliError` naming the file otherwise. */
export const readPublicKey = async (path: string): Promise<KeyObject> => {
  const pem = await readText(path, 'public key', keyHint);
  try {
    return ed25519PublicKey(pem);
  } catch (error) {
    throw new CliError(`${path}: ${error instanceof CheckpointError ? error.message : String(error)}`, keyHint);
  }
};

/** Reads a checkpoint file strictly; a `CliError` naming the file and the member otherwise. */
export const readCheckpointFile = async (path: string): Promise<Checkpoint> => {
  const text = await readText(path, 'checkpoint', 'Pass the file written by `disputekit checkpoint`.');
  try {
    return parseCheckpoint(text);
  } catch (error) {
    throw new CliError(`${path} is not a checkpoint: ${error instanceof StrictJsonError ? error.message : String(error)}`, 'Pass the file written by `disputekit checkpoint`, unchanged.');
  }
};

/** Writes a checkpoint file (or to `write` when no path is given). */
export const writeCheckpointFile = async (path: string, checkpoint: Checkpoint): Promise<void> => {
  try {
    await writeFile(path, formatCheckpoint(checkpoint), { flag: 'wx' });
  } catch (error) {
    throw new CliError(`Cannot write the checkpoint ${path}: ${error instanceof Error ? error.message : String(error)}`, 'Name a new file: a checkpoint is never overwritten.');
  }
};
