export * from './jsonSchemaOf';
export * from './disputeSchemas';
export * from './knownDifferences';
