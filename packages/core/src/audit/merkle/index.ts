/** The Merkle log of disputekit's audits (RFC 9162): tree hashing, proofs, checkpoints and dispute proofs. */
export * from './treeHash';
export * from './frontier';
export * from './proofs';
export * from './logLeaf';
export * from './treeStore';
export * from './merkleLog';
export * from './checkpoint';
export * from './checkpointFile';
export * from './strictJson';
export * from './logAgainstCheckpoint';
export * from './disputeProof';
export * from './hashJobs';
export * from './hashPool';
